#!/usr/bin/env python3
"""Writes provider/aws/gc_aws_ops.h and gc_aws_ops.c (the AWS shape and operation tables of gc_aws_model.h) from
the botocore service models installed with python3's botocore, for the operations listed in
provider/aws/aws-ops.json.

    python3 scripts/gen-aws-ops.py           # (re)write the pair
    python3 scripts/gen-aws-ops.py --check   # exit 1 if the committed pair is not what the models give (lint suite)

aws-ops.json (hand-written, the only input besides botocore):

    {
      "services": [
        {
          "key": "ec2",              C name part: gc_aws_service_ec2, gc_op_ec2_<op>, s_ec2_<Shape>
          "enum": "GC_SVC_EC2",      the enum gc_aws_service value (aws/gc_aws.h)
          "botocore": "ec2",         botocore's service name (data/<name>/<version>/)
          "version": "2016-11-15",   the model's API version
          "idempotency_tokens": {    optional: operation name -> input members to mark idempotency_token
            "CreateVpcEndpoint": ["ClientToken"]
          },
          "operations": {            operation name -> its not-found error codes ([]: none)
            "DeleteVpc": ["InvalidVpcID.NotFound"],
            ...
          }
        },
        ...
      ]
    }

A not-found code means "the object this operation names does not exist" (a delete that gets one has succeeded, a
get that gets one has found nothing). The file gives none to creates (there a not-found names a missing parent,
not the object made). For services whose model lists errors per operation (all but EC2), every code must be one
of the operation's modelled errors, or generation fails. EC2's model has no errors; its codes come from
/work/shared/docs/aws-apis.md (section 4.4) and the EC2 error-code reference.

idempotency_tokens: botocore marks none of the token members of the listed operations "idempotencyToken" (not
CreatorRequestId, IdempotencyToken, clientToken, ClientToken nor CallerReference), so gc_aws_op_call would never
fill them. The members listed here (aws-apis.md section 11.1) get idempotency_token = true in the tables, as a
model-marked member does. Each must be a string member of the operation's own input shape (a shape no other
operation of the model uses); a member the model marks already is reported on stderr (then drop it here).

The form of gc_aws_ops.c: per service, the shapes in name order (forward-declared first, as they refer to each
other), one line a shape through the file's S_SHAPE / S_STRUCT / S_LIST initialisers (a map, a flattened list or a
timestamp with its format field by field), a structure's members one row each naming only what is set (no NULL,
false or GC_LOC_BODY); structures with the same members share one array, named after the first of them. Then the
operations, field by field.

The output needs clang-format (the repo's .clang-format): the generated text is passed through it, so the lint
that checks formatting holds for the generated pair too. Documentation strings of the models are not copied.
A summary (operations, shapes, members) goes to stderr.
"""

import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPS_JSON = "provider/aws/aws-ops.json"
OUT_H = "provider/aws/gc_aws_ops.h"
OUT_C = "provider/aws/gc_aws_ops.c"

SHAPE_TYPES = {
    "string": "GC_SHAPE_STRING",
    "boolean": "GC_SHAPE_BOOLEAN",
    "integer": "GC_SHAPE_INTEGER",
    "long": "GC_SHAPE_LONG",
    "double": "GC_SHAPE_DOUBLE",
    "float": "GC_SHAPE_DOUBLE",
    "timestamp": "GC_SHAPE_TIMESTAMP",
    "blob": "GC_SHAPE_BLOB",
    "structure": "GC_SHAPE_STRUCTURE",
    "list": "GC_SHAPE_LIST",
    "map": "GC_SHAPE_MAP",
}
LOCATIONS = {
    None: "GC_LOC_BODY",
    "uri": "GC_LOC_URI",
    "querystring": "GC_LOC_QUERYSTRING",
    "header": "GC_LOC_HEADER",
    "statusCode": "GC_LOC_STATUS_CODE",
}
PROTOCOLS = {
    "ec2": "GC_WIRE_EC2",
    "query": "GC_WIRE_QUERY",
    "json": "GC_WIRE_JSON",
    "rest-json": "GC_WIRE_REST_JSON",
    "rest-xml": "GC_WIRE_REST_XML",
}
# Keys of the models that the tables deliberately leave out (validation, documentation, SDK hints). Any other
# key stops the generator, so a model feature the tables cannot carry is never dropped silently.
IGNORED_SHAPE_KEYS = {"documentation", "enum", "max", "min", "pattern", "sensitive", "box", "deprecated",
                      "deprecatedMessage", "deprecatedSince", "exception", "error", "fault", "wrapper"}
# An operation's "errors" feed only the not-found check; "http.responseCode" (Route 53's 201s) is not needed,
# as any 2xx is a success.
IGNORED_OP_KEYS = {"name", "http", "input", "output", "errors", "documentation", "idempotent", "auth", "authtype",
                   "deprecated", "deprecatedMessage"}
# One line a shape for what most shapes are: a scalar (or a structure without members), a structure over its
# member array (the count taken from the array), a list. Maps, flattened lists and timestamps with a format are
# written field by field.
SHAPE_MACROS = [
    "/* the shapes' initialisers: a scalar (or a structure without members), a structure over its members, a list */",
    "/* clang-format off */",
    "#define S_SHAPE(name_, type_) {.name = (name_), .type = (type_)}",
    "#define S_STRUCT(name_, members_) \\",
    "    {.name = (name_), .type = GC_SHAPE_STRUCTURE, .members = (members_), \\",
    "     .n_members = sizeof(members_) / sizeof((members_)[0])}",
    "#define S_LIST(name_, member_, member_location_name_) \\",
    "    {.name = (name_), .type = GC_SHAPE_LIST, .member = (member_), .member_location_name = (member_location_name_)}",
    "/* clang-format on */",
    "",
]
IGNORED_MEMBER_KEYS = {"documentation", "deprecated", "deprecatedMessage", "deprecatedSince", "box"}


class GenError(Exception):
    pass


def c_str(value):
    """A C string literal, or NULL."""
    if value is None:
        return "NULL"
    if not re.fullmatch(r"[\x20-\x7e]*", value):
        raise GenError("non-printable text in a model name: %r" % value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def c_ident(text):
    return re.sub(r"[^A-Za-z0-9_]", "_", text)


def load_botocore():
    try:
        import botocore
        import botocore.loaders
        from botocore import xform_name
    except ImportError as exc:
        raise GenError("botocore is not importable by %s (%s); install boto3 (scripts/install-deps.sh)"
                       % (sys.executable, exc))
    return botocore, botocore.loaders.Loader(), xform_name


class Service:
    def __init__(self, spec, loader, xform_name):
        self.key = spec["key"]
        self.enum = spec["enum"]
        self.name = spec["botocore"]
        self.version = spec["version"]
        self.not_found = spec["operations"]
        self.tokens = set()  # (input shape name, member name) marked idempotency_token by aws-ops.json
        self.model = loader.load_service_model(self.name, "service-2", self.version)
        try:
            self.paginators = loader.load_service_model(self.name, "paginators-1", self.version)["pagination"]
        except Exception:  # botocore raises DataNotFoundError when a service has no paginators
            self.paginators = {}
        self.meta = self.model["metadata"]
        self.protocol = self.meta["protocol"]
        if self.protocol not in PROTOCOLS:
            raise GenError("%s: protocol %s has no gc_aws_wire_protocol" % (self.name, self.protocol))
        self.xform_name = xform_name
        self.shapes = {}  # reachable shape name -> model shape
        self.member_arrays = {}  # the rows of a member array written -> its name (shared by equal structures)
        self.not_found_lists = set()  # the names of the not-found code lists written (shared by equal lists)
        self.ops = []
        self.xml_namespace = None
        for op_name in sorted(self.not_found):
            if op_name not in self.model["operations"]:
                raise GenError("%s %s: no such operation in the %s model" % (self.name, op_name, self.version))
            self.ops.append(self.model["operations"][op_name])
        for op_name, members in sorted(spec.get("idempotency_tokens", {}).items()):
            self._add_tokens(op_name, members)
        for op in self.ops:
            extra = (set(op) - IGNORED_OP_KEYS) | (set(op["http"]) - {"method", "requestUri", "responseCode"})
            if extra:
                raise GenError("%s %s: operation keys the tables do not carry: %s" % (self.name, op["name"], sorted(extra)))
            self._check_not_found(op)
            for ref_key in ("input", "output"):
                if ref_key in op:
                    self._walk(op[ref_key]["shape"])
            namespace = op.get("input", {}).get("xmlNamespace", {}).get("uri")
            if namespace:
                if self.xml_namespace not in (None, namespace):
                    raise GenError("%s: two xmlNamespace values (%s, %s)" % (self.name, self.xml_namespace, namespace))
                self.xml_namespace = namespace

    def _add_tokens(self, op_name, members):
        if op_name not in self.not_found:
            raise GenError("%s: idempotency_tokens names %s, which is not listed" % (self.name, op_name))
        input_name = self.model["operations"][op_name].get("input", {}).get("shape")
        users = [o["name"] for o in self.model["operations"].values()
                 if input_name and input_name in (o.get("input", {}).get("shape"), o.get("output", {}).get("shape"))]
        if users != [op_name]:
            raise GenError("%s %s: the input shape %s is used by %s" % (self.name, op_name, input_name, users))
        for member in members:
            ref = self.model["shapes"][input_name].get("members", {}).get(member)
            if ref is None or self.model["shapes"][ref["shape"]]["type"] != "string":
                raise GenError("%s %s: idempotency token %s is not a string member of %s"
                               % (self.name, op_name, member, input_name))
            if ref.get("idempotencyToken"):
                print("gen-aws-ops: note: %s %s.%s is marked idempotencyToken by the model already; drop it from %s"
                      % (self.name, op_name, member, OPS_JSON), file=sys.stderr)
            self.tokens.add((input_name, member))

    def _check_not_found(self, op):
        codes = self.not_found[op["name"]]
        if self.protocol == "ec2":
            return
        modelled = set()
        for err in op.get("errors", []):
            modelled.add(err["shape"])
            modelled.add(self.model["shapes"][err["shape"]].get("error", {}).get("code", err["shape"]))
        for code in codes:
            if code not in modelled:
                raise GenError("%s %s: not-found code %s is not among the operation's modelled errors"
                               % (self.name, op["name"], code))

    def _walk(self, name):
        if name in self.shapes:
            return
        shape = self.model["shapes"][name]
        self.shapes[name] = shape
        ignored = IGNORED_SHAPE_KEYS
        known = {"type", "members", "required", "member", "key", "value", "flattened", "timestampFormat"}
        extra = set(shape) - ignored - known
        if extra:
            raise GenError("%s shape %s: model keys the tables do not carry: %s" % (self.name, name, sorted(extra)))
        if shape["type"] not in SHAPE_TYPES:
            raise GenError("%s shape %s: type %s has no gc_shape_type" % (self.name, name, shape["type"]))
        refs = list(shape.get("members", {}).values())
        refs += [shape[k] for k in ("member", "key", "value") if k in shape]
        for ref in refs:
            extra = set(ref) - IGNORED_MEMBER_KEYS - {"shape", "locationName", "queryName", "location", "flattened",
                                                      "idempotencyToken"}
            if extra:
                raise GenError("%s shape %s: member keys the tables do not carry: %s" % (self.name, name, sorted(extra)))
            if ref.get("location") not in LOCATIONS:
                raise GenError("%s shape %s: location %s" % (self.name, name, ref.get("location")))
            self._walk(ref["shape"])

    def sym(self, shape_name):
        return "s_%s_%s" % (self.key, c_ident(shape_name))

    def op_sym(self, op):
        return "gc_op_%s_%s" % (self.key, self.xform_name(op["name"]))

    def paging(self, op):
        """(input_token, output_token, limit_key, result_key, note) from paginators-1."""
        pag = self.paginators.get(op["name"])
        if not pag:
            return None, None, None, None, None
        notes = []
        values = []
        for field in ("input_token", "output_token", "limit_key", "result_key"):
            value = pag.get(field)
            if isinstance(value, list):
                notes.append("%s is [%s], the table keeps the first" % (field, ", ".join(value)))
                value = value[0]
            if value is not None and ("." in value or "[" in value):
                raise GenError("%s %s: %s %s is not a top-level member" % (self.name, op["name"], field, value))
            values.append(value)
        for field in sorted(set(pag) - {"input_token", "output_token", "limit_key", "result_key"}):
            value = pag[field] if isinstance(pag[field], str) else ", ".join(pag[field])
            notes.append("not carried: %s %s" % (field, value))
        note = None
        if notes:
            note = "paginators-1: " + "; ".join(notes)
        return values[0], values[1], values[2], values[3], note


def emit_shape(svc, name, shape, out, counts):
    sym = svc.sym(name)
    kind = shape["type"]
    fields = [".name = %s" % c_str(name), ".type = %s" % SHAPE_TYPES[kind]]
    if kind == "structure":
        members = shape.get("members", {})
        required = set(shape.get("required", []))
        if members:
            rows = []
            for mname, ref in members.items():  # one row a member, naming only what is not NULL/false/body
                row = [".name = %s" % c_str(mname)]
                for field, key in ((".location_name", "locationName"), (".query_name", "queryName")):
                    if ref.get(key) is not None:
                        row.append("%s = %s" % (field, c_str(ref[key])))
                row.append(".shape = &%s" % svc.sym(ref["shape"]))
                if ref.get("location") is not None:
                    row.append(".location = %s" % LOCATIONS[ref["location"]])
                for field, value in ((".flattened", ref.get("flattened")),
                                     (".idempotency_token", ref.get("idempotencyToken") or (name, mname) in svc.tokens),
                                     (".required", mname in required)):
                    if value:
                        row.append("%s = true" % field)
                rows.append("    {%s}," % ", ".join(row))
            # Structures with the same members (an operation's Result and another's, the EC2 "Value" wrappers)
            # share one array, named after the first of them written (shape_order).
            key = "\n".join(rows)
            if key not in svc.member_arrays:
                svc.member_arrays[key] = "%s_members" % sym
                out.append("static const struct gc_shape_member %s_members[] = {" % sym)
                out += rows
                out.append("};")
            fields += [".members = %s" % svc.member_arrays[key]]
            counts["members"] += len(members)
    elif kind == "list":
        fields.append(".member = &%s" % svc.sym(shape["member"]["shape"]))
        if shape["member"].get("locationName"):
            fields.append(".member_location_name = %s" % c_str(shape["member"]["locationName"]))
        if shape.get("flattened"):
            fields.append(".flattened = true")
    elif kind == "map":
        fields += [".key = &%s" % svc.sym(shape["key"]["shape"]), ".value = &%s" % svc.sym(shape["value"]["shape"])]
        if shape["key"].get("locationName"):
            fields.append(".key_location_name = %s" % c_str(shape["key"]["locationName"]))
        if shape["value"].get("locationName"):
            fields.append(".value_location_name = %s" % c_str(shape["value"]["locationName"]))
        if shape.get("flattened"):
            fields.append(".flattened = true")
    elif kind == "timestamp" and shape.get("timestampFormat"):
        fields.append(".timestamp_format = %s" % c_str(shape["timestampFormat"]))
    if len(fields) == 2:  # a scalar, or a structure without members
        out.append("static const struct gc_shape %s = S_SHAPE(%s, %s);" % (sym, c_str(name), SHAPE_TYPES[kind]))
    elif kind == "structure":
        out.append("static const struct gc_shape %s = S_STRUCT(%s, %s);" % (sym, c_str(name), fields[2].split(" = ")[1]))
    elif kind == "list" and len(fields) == 4 and fields[3].startswith(".member_location_name"):
        out.append("static const struct gc_shape %s = S_LIST(%s, &%s, %s);" % (
            sym, c_str(name), svc.sym(shape["member"]["shape"]), c_str(shape["member"]["locationName"])))
    elif kind == "list" and len(fields) == 3:
        out.append("static const struct gc_shape %s = S_LIST(%s, &%s, NULL);" % (
            sym, c_str(name), svc.sym(shape["member"]["shape"])))
    else:
        emit_fields(sym, fields, out)
    counts["shapes"] += 1


def emit_fields(sym, fields, out):
    """A shape the S_ initialisers do not cover (a map, a flattened list, a timestamp with its format), field by
    field."""
    line = "static const struct gc_shape %s = {%s};" % (sym, ", ".join(fields))
    if len(line) <= 120:
        out.append(line)
    else:  # one field a line: clang-format keeps a braced list with a trailing comma that way
        out.append("static const struct gc_shape %s = {" % sym)
        out += ["    %s," % f for f in fields]
        out.append("};")


def emit_op(svc, op, out):
    sym = svc.op_sym(op)
    codes = svc.not_found[op["name"]]
    # Operations with the same not-found codes share one list, named after the codes and written before its
    # first use.
    codes_sym = None
    if codes:
        codes_sym = "s_%s_not_found_%s" % (svc.key, "_".join(c_ident(c) for c in codes))
        if codes_sym not in svc.not_found_lists:
            svc.not_found_lists.add(codes_sym)
            out.append("static const char *const %s[] = {%s, NULL};"
                       % (codes_sym, ", ".join(c_str(c) for c in codes)))
    input_token, output_token, limit_key, result_key, note = svc.paging(op)
    fields = [".service = &gc_aws_service_%s" % svc.key, ".name = %s" % c_str(op["name"])]
    # POST to "/" (every operation of the EC2, query and JSON protocols) is what a NULL method and URI mean.
    if op["http"]["method"] != "POST":
        fields.append(".http_method = %s" % c_str(op["http"]["method"]))
    if op["http"]["requestUri"] != "/":
        fields.append(".request_uri = %s" % c_str(op["http"]["requestUri"]))
    if "input" in op:
        fields.append(".input = &%s" % svc.sym(op["input"]["shape"]))
    if "output" in op:
        fields.append(".output = &%s" % svc.sym(op["output"]["shape"]))
    if svc.protocol == "rest-xml" and op.get("input", {}).get("locationName"):
        fields.append(".input_location_name = %s" % c_str(op["input"]["locationName"]))
    if op.get("output", {}).get("resultWrapper"):
        fields.append(".result_wrapper = %s" % c_str(op["output"]["resultWrapper"]))
    for field, value in (("input_token", input_token), ("output_token", output_token), ("limit_key", limit_key),
                         ("result_key", result_key)):
        if value:
            fields.append(".%s = %s" % (field, c_str(value)))
    if codes_sym:
        fields.append(".not_found_codes = %s" % codes_sym)
    if note:
        out.append("/* %s */" % note)
    out.append("const struct gc_aws_op_def %s = {" % sym)
    out += ["    %s," % f for f in fields]
    out.append("};")


def emit_service(svc, out):
    fields = [
        ".service = %s" % svc.enum,
        ".protocol = %s" % PROTOCOLS[svc.protocol],
        ".api_version = %s" % c_str(svc.meta["apiVersion"]),
    ]
    if svc.protocol == "json":
        fields.append(".target_prefix = %s" % c_str(svc.meta["targetPrefix"]))
        fields.append(".json_version = %s" % c_str(svc.meta["jsonVersion"]))
    if svc.protocol == "rest-xml" and svc.xml_namespace:
        fields.append(".xml_namespace = %s" % c_str(svc.xml_namespace))
    out.append("const struct gc_aws_service_def gc_aws_service_%s = {" % svc.key)
    out += ["    %s," % f for f in fields]
    out.append("};")


def shape_refs(shape):
    """The names of the shapes a shape points at: its members', a list's member, a map's key and value."""
    refs = [ref["shape"] for ref in shape.get("members", {}).values()]
    return refs + [shape[k]["shape"] for k in ("member", "key", "value") if k in shape]


def shape_order(shapes):
    """The shapes in name order, each after the shapes it points at (so that C needs no declaration ahead), and the
    shapes a cycle makes C name before their definition, in name order."""
    order, ahead, state = [], set(), {}  # state: 1 while its references are being written, 2 once written

    def visit(name):
        state[name] = 1
        for ref in sorted(set(shape_refs(shapes[name]))):
            if state.get(ref) == 1:
                ahead.add(ref)
            elif ref not in state:
                visit(ref)
        state[name] = 2
        order.append(name)

    for name in sorted(shapes):
        if name not in state:
            visit(name)
    return order, sorted(ahead)


def render(version, services):
    banner = "/* generated by scripts/gen-aws-ops.py from botocore %s and %s; do not edit. */" % (version, OPS_JSON)
    counts = {"ops": 0, "shapes": 0, "members": 0}
    h = [banner,
         "/* The AWS operations gcnet calls, as tables (aws/gc_aws_model.h); call them with gc_aws_op_call. */",
         "#ifndef GC_AWS_OPS_H", "#define GC_AWS_OPS_H", "", '#include "aws/gc_aws_model.h"', ""]
    for svc in services:
        h.append("extern const struct gc_aws_service_def gc_aws_service_%s;" % svc.key)
    h += ["", "/* Every operation below, NULL-terminated (for tests that walk the tables). */",
          "extern const struct gc_aws_op_def *const gc_aws_all_ops[];"]
    for svc in services:
        h += ["", "/* %s %s (%s) */" % (svc.meta.get("serviceId", svc.name), svc.version, svc.protocol)]
        for op in svc.ops:
            h.append("extern const struct gc_aws_op_def %s;" % svc.op_sym(op))
    h += ["", "#endif"]

    c = [banner, '#include "aws/gc_aws_ops.h"', "", "#include <stdbool.h>", "#include <stddef.h>", ""]
    c += SHAPE_MACROS
    for svc in services:
        emit_service(svc, c)
        c.append("")
    for svc in services:
        names, ahead = shape_order(svc.shapes)
        c.append("/* ---- %s: %d shapes ---- */" % (svc.key, len(names)))
        if ahead:
            c.append("/* named before they are defined: the shapes in a cycle */")
            c += ["static const struct gc_shape %s;" % svc.sym(n) for n in ahead]
        c.append("")
        for name in names:
            emit_shape(svc, name, svc.shapes[name], c, counts)
        c.append("")
        for op in svc.ops:
            emit_op(svc, op, c)
            counts["ops"] += 1
        c.append("")
    c.append("const struct gc_aws_op_def *const gc_aws_all_ops[] = {")
    for svc in services:
        c += ["    &%s," % svc.op_sym(op) for op in svc.ops]
    c += ["    NULL,", "};"]
    return "\n".join(h) + "\n", "\n".join(c) + "\n", counts


def clang_format(text, rel):
    tool = os.environ.get("CLANG_FORMAT") or shutil.which("clang-format")
    if not tool:
        raise GenError("clang-format not found (set CLANG_FORMAT or install it: scripts/install-deps.sh)")
    proc = subprocess.run([tool, "--style=file", "--assume-filename=" + rel], input=text, capture_output=True,
                          text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise GenError("clang-format failed on %s: %s" % (rel, proc.stderr.strip()))
    return proc.stdout


def main():
    check = "--check" in sys.argv[1:]
    try:
        botocore, loader, xform_name = load_botocore()
        with open(os.path.join(ROOT, OPS_JSON), encoding="utf-8") as fh:
            spec = json.load(fh)
        services = [Service(s, loader, xform_name) for s in spec["services"]]
        text_h, text_c, counts = render(botocore.__version__, services)
        files = {OUT_H: clang_format(text_h, OUT_H), OUT_C: clang_format(text_c, OUT_C)}
    except GenError as exc:
        print("gen-aws-ops: ERROR: %s" % exc, file=sys.stderr)
        return 2
    print("gen-aws-ops: botocore %s: %d operations, %d shapes, %d members; %s is %d lines, %d bytes"
          % (botocore.__version__, counts["ops"], counts["shapes"], counts["members"], OUT_C,
             files[OUT_C].count("\n"), len(files[OUT_C])), file=sys.stderr)
    stale = []
    for rel, text in files.items():
        path = os.path.join(ROOT, rel)
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if current == text:
            continue
        if check:
            # A committed pair from another botocore release still passes when nothing else differs.
            banner = re.compile(r"from botocore [^ ]+ and")
            if current is not None and banner.sub("", current, 1) == banner.sub("", text, 1):
                print("gen-aws-ops: %s was generated from another botocore release; the tables are the same"
                      % rel, file=sys.stderr)
                continue
            stale.append(rel)
        else:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
            print("wrote", rel)
    if stale:
        print("gen-aws-ops: out of date with %s and botocore %s (run python3 scripts/gen-aws-ops.py): %s"
              % (OPS_JSON, botocore.__version__, ", ".join(stale)))
        return 1
    if check:
        print("gen-aws-ops: %s and %s match %s and botocore %s" % (OUT_H, OUT_C, OPS_JSON, botocore.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main())

/* Private to provider/aws: the protocol codecs behind gc_aws_op_call (gc_aws_op.h). One codec per wire protocol,
 * each in its own file (gc_proto_ec2.c, gc_proto_query.c, gc_proto_json.c, gc_proto_rest_json.c,
 * gc_proto_rest_xml.c), with the helpers they share in gc_proto_util.c. The codecs are the only code that reads
 * the wire names of the tables (gc_aws_model.h).
 *
 * A codec turns a validated input document into a request (encode), a 2xx answer into an output document keyed
 * by member names (decode), an error answer into err->code/message/request_id (parse_error), and finds the
 * request id of any answer (request_id). encode and decode fill only err->code ("InvalidArgument",
 * "InvalidResponse" or "RequestError") and err->message (naming the member path); the caller adds the service,
 * the operation and the request id. */
#ifndef GC_PROTO_H
#define GC_PROTO_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "aws/gc_aws.h"
#include "aws/gc_aws_model.h"
#include "aws/gc_aws_private.h"
#include "aws/gc_xml.h"

#define GC_PROTO_MAX_HEADERS GC_AWS_CALL_MAX_HEADERS

/* What encode produces; gc_proto_request_clean_up frees. A zeroed struct is valid to clean up. */
struct gc_proto_request {
    const char *method;
    struct gc_buf path_and_query; /* "/", "/2013-04-01/hostedzone/Z1/associatevpc", "/x?a=b" */
    struct gc_buf body;
    const char *content_type;            /* static text or NULL */
    char *target;                        /* X-Amz-Target value (malloc'd) or NULL */
    char *headers[GC_PROTO_MAX_HEADERS]; /* "Name: value" (malloc'd) */
    size_t n_headers;
};

void gc_proto_request_init(struct gc_proto_request *req);
void gc_proto_request_clean_up(struct gc_proto_request *req);

struct gc_proto_codec {
    const char *name;           /* "ec2", "query", "json", "rest-json", "rest-xml" */
    enum gc_aws_protocol proto; /* what gc_aws_client_send's error parsing is keyed by */
    int (*encode)(const struct gc_aws_op_def *op, const json_t *input, struct gc_proto_request *req,
                  struct gc_aws_error *err);
    int (*decode)(const struct gc_aws_op_def *op, const struct gc_http_response *resp, json_t **out,
                  struct gc_aws_error *err);
    /* Fills what the body and headers say (code, message, request id); leaves err->code NULL when they say
     * nothing usable (gc_aws_parse_error then falls back to "HTTP <status>"). Returns 0, -1 on no memory. */
    int (*parse_error)(struct gc_aws_error *err, const struct gc_http_response *resp);
    char *(*request_id)(const struct gc_http_response *resp); /* malloc'd or NULL */
};

extern const struct gc_proto_codec gc_proto_ec2;
extern const struct gc_proto_codec gc_proto_query;
extern const struct gc_proto_codec gc_proto_json;
extern const struct gc_proto_codec gc_proto_rest_json;
extern const struct gc_proto_codec gc_proto_rest_xml;

/* The codec of a table's protocol / of the send pipeline's protocol; NULL for an unknown value. */
const struct gc_proto_codec *gc_proto_for_wire(enum gc_aws_wire_protocol wire);
const struct gc_proto_codec *gc_proto_for(enum gc_aws_protocol proto);

/* ---- shared by the codecs (gc_proto_util.c) ---- */

/* A member path for messages: "TagSpecifications[0].Tags[1].Key". Push returns the length to pop back to. */
struct gc_proto_path {
    char text[512];
    size_t len;
};

void gc_proto_path_init(struct gc_proto_path *p);
size_t gc_proto_path_push(struct gc_proto_path *p, const char *member);
size_t gc_proto_path_push_index(struct gc_proto_path *p, size_t index);
void gc_proto_path_pop(struct gc_proto_path *p, size_t len);
/* The path, or "(input)" / "(output)" style text when it is empty. */
const char *gc_proto_path_text(const struct gc_proto_path *p, const char *empty);

/* Replaces err->code and err->message; the message is printf-formatted. Returns -1 (for `return s_fail(...)`). */
int gc_proto_fail(struct gc_aws_error *err, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Checks a document against a shape: unknown members, missing required members, wrong JSON types. */
int gc_proto_check_input(const struct gc_shape *shape, const json_t *value, struct gc_proto_path *path,
                         struct gc_aws_error *err);

/* The wire name of a member: locationName, else the member name. */
const char *gc_proto_wire_name(const struct gc_shape_member *m);

/* Text of a scalar value for a query parameter, URI label, header or XML element: "true"/"false", decimal
 * numbers, strings as given (timestamps given as numbers become ISO 8601). Appends to `out`. */
int gc_proto_scalar_text(struct gc_buf *out, const struct gc_shape *shape, const json_t *value);

/* A scalar from wire text by the shape's type (booleans, integers, doubles; the rest stay strings). NULL with
 * err filled ("InvalidResponse" naming the path) when the text does not fit. */
json_t *gc_proto_scalar_from_text(const struct gc_shape *shape, const char *text, const struct gc_proto_path *path,
                                  struct gc_aws_error *err);

/* The REST protocols' request line: request_uri with its {Label}/{Label+} filled from URI members, query-string
 * members appended, header members as headers. Body members are left to the codec. */
int gc_proto_rest_encode_http(const struct gc_aws_op_def *op, const json_t *input, struct gc_proto_request *req,
                              struct gc_aws_error *err);
/* The REST protocols' header- and status-located output members, added to `out`. */
int gc_proto_rest_decode_http(const struct gc_aws_op_def *op, const struct gc_http_response *resp, json_t *out,
                              struct gc_aws_error *err);
/* True when the shape has a member that travels in the body. */
bool gc_proto_has_body_members(const struct gc_shape *shape);

/* JSON documents <-> JSON wire values: keys by locationName else member name (`by_location`) or by member
 * name; the decode direction checks types and ignores unknown keys; JSON null is absent. `body_only`: at the
 * top level, only body-located members. */
int gc_proto_json_to_wire(const struct gc_shape *shape, const json_t *doc, bool by_location, bool body_only,
                          json_t **out);
int gc_proto_json_from_wire(const struct gc_shape *shape, const json_t *wire, bool by_location, bool body_only,
                            struct gc_proto_path *path, json_t **out, struct gc_aws_error *err);
/* The whole 2xx body as JSON (an empty body is {}); InvalidResponse when it is not a JSON object. */
int gc_proto_json_body(const struct gc_http_response *resp, json_t **out, struct gc_aws_error *err);

/* The query-string protocols (ec2, query): `walk` writes the input document's parameters into `q` (`key` is the
 * key so far, `text` a scratch buffer); this adds Action and Version and makes the POST request. */
typedef int gc_proto_query_walk_fn(struct gc_query *q, struct gc_buf *key, const struct gc_shape *shape,
                                   const json_t *value, struct gc_buf *text);
int gc_proto_query_encode(const struct gc_aws_op_def *op, const json_t *input, gc_proto_query_walk_fn *walk,
                          struct gc_proto_request *req, struct gc_aws_error *err);
/* The XML answer of the query-string protocols: {} for an operation without output, else the output shape read
 * from the root element, or from its `wrapper` child when `wrapper` is set ({} when that child is absent). */
int gc_proto_xml_decode_answer(const struct gc_aws_op_def *op, const struct gc_http_response *resp, const char *wrapper,
                               const char *default_item, json_t **out, struct gc_aws_error *err);

/* The XML decoder shared by ec2, query and rest-xml: `node`'s children by locationName else member name,
 * non-flattened lists as <Name><Item/>...</Name> (the list's member_location_name, else `default_item`),
 * flattened lists as repeated <Name>, maps as entry/key/value. */
int gc_proto_xml_decode(const struct gc_shape *shape, const struct gc_xml_node *node, const char *default_item,
                        bool top_level, struct gc_proto_path *path, json_t **out, struct gc_aws_error *err);
/* The 2xx body parsed as XML; InvalidResponse when it is not. */
int gc_proto_xml_body(const struct gc_http_response *resp, struct gc_xml_doc **out, struct gc_aws_error *err);

/* Error answers and request ids. */
int gc_proto_xml_error(struct gc_aws_error *err, const struct gc_http_response *resp, const char *error_path);
int gc_proto_json_error(struct gc_aws_error *err, const struct gc_http_response *resp, bool header_first);
char *gc_proto_xml_request_id(const struct gc_http_response *resp, const char *const *paths);
char *gc_proto_header_request_id(const struct gc_http_response *resp);

#endif

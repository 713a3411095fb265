"""A small, independent .xlsx reader for the tests: unzips the package and parses the sheet XML and the shared
strings with xml.etree (no third-party libraries, nothing shared with the code under test)."""
import re
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


def _col_index(ref):
    letters = re.match(r"([A-Z]+)", ref).group(1)
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _text(node):
    """Concatenated text of an <si> or <is> element (plain <t> or rich-text runs)."""
    return "".join(t.text or "" for t in node.iter("{%s}t" % NS["m"]))


class Sheet:
    def __init__(self, name, xml_text, shared):
        self.name = name
        self.xml = xml_text
        self.root = ET.fromstring(xml_text.encode("utf-8"))
        self.cells = {}
        for c in self.root.iter("{%s}c" % NS["m"]):
            ref = c.get("r")
            row = int(re.search(r"(\d+)$", ref).group(1)) - 1
            col = _col_index(ref)
            t = c.get("t")
            v = c.find("m:v", NS)
            if t == "s" and v is not None:
                val = shared[int(v.text)]
            elif t == "inlineStr":
                val = _text(c.find("m:is", NS))
            elif v is not None:
                val = v.text
            else:
                continue
            self.cells[(row, col)] = val

    def rows(self):
        """List of rows (lists of strings), '' for empty cells."""
        if not self.cells:
            return []
        nrows = max(r for r, _ in self.cells) + 1
        ncols = max(c for _, c in self.cells) + 1
        return [[self.cells.get((r, c), "") for c in range(ncols)] for r in range(nrows)]

    def all_text(self):
        return "\n".join(self.cells.values())

    def footer(self):
        f = self.root.find(".//m:headerFooter/m:oddFooter", NS)
        return f.text if f is not None else None

    def pane(self):
        p = self.root.find(".//m:sheetViews/m:sheetView/m:pane", NS)
        return dict(p.attrib) if p is not None else None

    def page_setup(self):
        p = self.root.find("m:pageSetup", NS)
        return dict(p.attrib) if p is not None else None

    def col_widths(self):
        return [float(c.get("width")) for c in self.root.findall("m:cols/m:col", NS)]


class Workbook:
    def __init__(self, path):
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            shared = []
            if "xl/sharedStrings.xml" in names:
                sroot = ET.fromstring(z.read("xl/sharedStrings.xml"))
                shared = [_text(si) for si in sroot.findall("m:si", NS)]
            wb = ET.fromstring(z.read("xl/workbook.xml"))
            rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
            self.defined_names = {d.get("name") + ":" + d.get("localSheetId", ""): d.text
                                  for d in wb.findall("m:definedNames/m:definedName", NS)}
            self.sheets = []
            for s in wb.findall("m:sheets/m:sheet", NS):
                target = targets[s.get("{%s}id" % NS["r"])]
                path_in_zip = "xl/" + target.lstrip("/").replace("xl/", "", 1) if not target.startswith("/") \
                    else target.lstrip("/")
                self.sheets.append(Sheet(s.get("name"), z.read(path_in_zip).decode("utf-8"), shared))

    def sheet(self, name):
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(name)

    def names(self):
        return [s.name for s in self.sheets]

"""Reads Kafka's JSON message schemas into a small model the C++ emitter walks.

Only the facts the wire format depends on are kept: which versions carry a field, which are
nullable, flexible or tagged, the field's type and default. Documentation strings are dropped.
"""

import json
import re

PRIMITIVES = {
    "int8", "int16", "int32", "int64", "uint16", "uint32", "varint", "varlong",
    "float64", "bool", "uuid", "string", "bytes", "records",
}

CPP_KEYWORDS = {
    "default", "delete", "new", "operator", "class", "struct", "union", "template", "this",
    "namespace", "private", "public", "protected", "register", "switch", "case", "int", "long",
    "short", "char", "bool", "float", "double", "auto", "const", "static", "volatile", "virtual",
}


class Versions:
    """A version range as Kafka writes it: "none", "3", "3+", "1-4"."""

    def __init__(self, text, upper=0x7FFF):
        text = str(text).strip()
        if text == "none":
            self.low, self.high = 1, 0
        elif text.endswith("+"):
            self.low, self.high = int(text[:-1]), upper
        elif "-" in text:
            low, high = text.split("-")
            self.low, self.high = int(low), int(high)
        else:
            self.low = self.high = int(text)

    def empty(self):
        return self.low > self.high

    def contains(self, version):
        return self.low <= version <= self.high

    def intersect(self, other):
        result = Versions("none")
        result.low, result.high = max(self.low, other.low), min(self.high, other.high)
        return result

    def condition(self, var, valid):
        """A C++ boolean expression true for the versions of `valid` that are in this range."""
        effective = self.intersect(valid)
        if effective.empty():
            return "false"
        parts = []
        if effective.low > valid.low:
            parts.append(f"{var} >= {effective.low}")
        if effective.high < valid.high:
            parts.append(f"{var} <= {effective.high}")
        return " && ".join(parts) if parts else "true"


def snake_case(name):
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    words = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", words)
    result = words.lower()
    return result + "_" if result in CPP_KEYWORDS else result


class Field:
    def __init__(self, raw, message):
        self.name = raw["name"]
        self.member = snake_case(self.name)
        self.type = raw["type"]
        self.is_array = self.type.startswith("[]")
        self.element = self.type[2:] if self.is_array else self.type
        self.is_struct = self.element not in PRIMITIVES
        self.versions = Versions(raw.get("versions", "0+"))
        self.nullable = Versions(raw.get("nullableVersions", "none"))
        self.tagged = Versions(raw.get("taggedVersions", "none"))
        self.tag = raw.get("tag")
        self.ignorable = bool(raw.get("ignorable", False))
        # A field may opt out of compact encoding (the request header's client id does).
        self.flexible_override = Versions(raw["flexibleVersions"]) if "flexibleVersions" in raw else None
        self.default = raw.get("default")
        self.fields = None
        if self.is_struct and "fields" in raw:
            message.add_struct(self.element, [Field(f, message) for f in raw["fields"]])
        if self.tag is not None and self.tagged.empty():
            raise ValueError(f"{message.name}.{self.name}: tag without taggedVersions")

    def may_be_null(self):
        return not self.nullable.empty()


class Message:
    def __init__(self, raw):
        self.name = raw["name"]
        self.kind = raw["type"]  # request, response, header, data
        self.api_key = raw.get("apiKey")
        self.valid = Versions(raw["validVersions"])
        self.flexible = Versions(raw.get("flexibleVersions", "none"))
        self.structs = {}  # name -> list of Field, in definition order
        self.struct_order = []
        self.common = {c["name"]: c for c in raw.get("commonStructs", [])}
        self.fields = [Field(f, self) for f in raw["fields"]]
        for name, common in self.common.items():
            if name not in self.structs:
                self.add_struct(name, [Field(f, self) for f in common["fields"]])
        self._check_struct_references()

    def add_struct(self, name, fields):
        if name in self.structs:
            raise ValueError(f"{self.name}: struct {name} defined twice")
        self.structs[name] = fields
        self.struct_order.append(name)

    def _check_struct_references(self):
        def walk(fields):
            for f in fields:
                if f.is_struct and f.element not in self.structs:
                    if f.element not in self.common:
                        raise ValueError(f"{self.name}: unknown type {f.type} of {f.name}")
        walk(self.fields)
        for fields in list(self.structs.values()):
            walk(fields)

    def ordered_structs(self):
        """Struct names so that every struct comes after the structs it contains."""
        done, order = set(), []

        def visit(name):
            if name in done:
                return
            done.add(name)
            for f in self.structs[name]:
                if f.is_struct:
                    visit(f.element)
            order.append(name)

        for name in self.struct_order:
            visit(name)
        return order


def load(path):
    with open(path, encoding="utf-8") as handle:
        text = "\n".join(line for line in handle if not line.lstrip().startswith("//"))
    return Message(json.loads(text))

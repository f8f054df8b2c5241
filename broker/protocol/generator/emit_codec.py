"""Emits the C++ struct declarations and the read/write functions of one schema."""

from schema import Versions

SCALARS = {
    "int8": ("std::int8_t", "int8"),
    "int16": ("std::int16_t", "int16"),
    "int32": ("std::int32_t", "int32"),
    "int64": ("std::int64_t", "int64"),
    "uint16": ("std::uint16_t", "uint16"),
    "uint32": ("std::uint32_t", "uint32"),
    "varint": ("std::int32_t", "varint"),
    "varlong": ("std::int64_t", "varlong"),
    "float64": ("double", "float64"),
    "bool": ("bool", "bool"),
    "uuid": ("Uuid", "uuid"),
}
BLOBS = {"string": "std::string", "bytes": "Bytes", "records": "Bytes"}


def element_type(field):
    if field.is_struct:
        return field.element
    if field.element in BLOBS:
        return BLOBS[field.element]
    return SCALARS[field.element][0]


def value_type(field):
    base = element_type(field)
    return f"std::vector<{base}>" if field.is_array else base


def member_type(field):
    base = value_type(field)
    return f"std::optional<{base}>" if field.may_be_null() else base


def integer_literal(cpp_type, text):
    value = int(str(text), 0)
    return f"static_cast<{cpp_type}>({value}LL)" if value < -2**31 + 1 else f"static_cast<{cpp_type}>({value})"


def default_initializer(field):
    """The member initializer that makes a default-constructed struct hold the schema default."""
    default = field.default
    if field.may_be_null() and (default == "null" or (default is None and field.element == "records")):
        return "{}"
    if field.is_array or field.is_struct:
        return f"{value_type(field)}{{}}" if field.may_be_null() else "{}"
    if field.element == "string":
        text = "" if default is None else str(default)
        return f"std::string{{\"{text}\"}}" if text else ("std::string{}" if field.may_be_null() else "{}")
    if field.element in ("bytes", "records"):
        return "Bytes{}" if field.may_be_null() else "{}"
    if field.element == "bool":
        return "true" if str(default).lower() == "true" else "false"
    if field.element == "float64":
        return f"{float(default) if default is not None else 0.0!r}"
    if field.element == "uuid":
        return "{}"
    return integer_literal(SCALARS[field.element][0], default if default is not None else 0)


class CodeWriter:
    def __init__(self):
        self.lines = []
        self.depth = 0

    def line(self, text=""):
        self.lines.append(("    " * self.depth + text) if text else "")

    def open(self, text):
        self.line(text + " {" if text else "{")
        self.depth += 1

    def close(self, suffix=""):
        self.depth -= 1
        self.line("}" + suffix)


class StructEmitter:
    """Writes read() and write() of one struct (the message itself or a nested one)."""

    def __init__(self, message, qualified, fields, out):
        self.message, self.qualified, self.fields, self.out = message, qualified, fields, out
        self.valid = message.valid

    def cond(self, versions):
        return versions.condition("version", self.valid)

    def compact(self, field):
        if field.flexible_override is not None:
            return self.cond(field.flexible_override.intersect(self.message.flexible))
        return "flexible"

    def regular_fields(self):
        return [f for f in self.fields if f.tag is None or f.tagged.empty()]

    def tagged_fields(self):
        return sorted((f for f in self.fields if f.tag is not None), key=lambda f: f.tag)

    def presence(self, field):
        """Versions in which the field is written inline (not as a tagged field)."""
        if field.tag is None:
            return field.versions
        untagged = Versions("none")
        if field.versions.low < field.tagged.low:
            untagged.low, untagged.high = field.versions.low, min(field.versions.high, field.tagged.low - 1)
        return untagged

    # ---- reading ----------------------------------------------------------------------------
    def read_null(self, field, reader, target, what):
        o = self.out
        if field.may_be_null():
            o.open(f"if (!({self.cond(field.nullable)}))")
            o.line(f'throw DecodeFailure("{self.qualified}.{field.name}: null {what} in version " + std::to_string(version));')
            o.close()
            o.line(f"{target} = std::nullopt;")
        else:
            o.line(f'throw DecodeFailure("{self.qualified}.{field.name}: null in a non-nullable field");')

    def read_element(self, field, reader, target, compact):
        o = self.out
        if field.is_struct:
            o.line(f"{target}.read({reader}, version);")
        elif field.element == "string":
            o.line(f"{target} = {reader}.read_string_body({reader}.read_string_length({compact}));")
        elif field.element in BLOBS:
            o.line(f"{target} = {reader}.read_bytes_body({reader}.read_bytes_length({compact}));")
        else:
            o.line(f"{target} = {reader}.read_{SCALARS[field.element][1]}();")

    def read_field(self, field, reader, target, compact):
        o = self.out
        o.open("")
        if field.is_array:
            o.line(f"const auto count = {reader}.read_array_length({compact});")
            o.open("if (count < 0)")
            self.read_null(field, reader, target, "array")
            o.close()
            o.open("else")
            o.line(f"auto& items = {target + '.emplace()' if field.may_be_null() else target};")
            o.line("items.clear();")
            o.open("for (std::int32_t i = 0; i < count; ++i)")
            self.read_element(field, reader, "items.emplace_back()", compact)
            o.close()
            o.close()
        elif field.is_struct and field.may_be_null():
            o.open(f"if ({reader}.read_int8() < 0)")
            self.read_null(field, reader, target, "struct")
            o.close()
            o.line(f"else {target}.emplace().read({reader}, version);")
        elif field.element in BLOBS and field.may_be_null():
            length = "string" if field.element == "string" else "bytes"
            body = "read_string_body" if field.element == "string" else "read_bytes_body"
            o.line(f"const auto length = {reader}.read_{length}_length({compact});")
            o.open("if (length < 0)")
            self.read_null(field, reader, target, length)
            o.close()
            o.line(f"else {target} = {reader}.{body}(length);")
        elif field.element in BLOBS:
            length = "string" if field.element == "string" else "bytes"
            body = "read_string_body" if field.element == "string" else "read_bytes_body"
            o.line(f"const auto length = {reader}.read_{length}_length({compact});")
            o.open("if (length < 0)")
            self.read_null(field, reader, target, length)
            o.close()
            o.line(f"{target} = {reader}.{body}(length);")
        else:
            self.read_element(field, reader, target, compact)
        o.close()

    def emit_read(self):
        o = self.out
        o.open(f"void {self.qualified}::read(Reader& r, [[maybe_unused]] std::int16_t version)")
        o.line(f"[[maybe_unused]] const bool flexible = {self.cond(self.message.flexible)};")
        for field in self.regular_fields():
            presence = self.cond(self.presence(field))
            if presence == "false":
                continue
            o.open(f"if ({presence})" if presence != "true" else "")
            self.read_field(field, "r", field.member, self.compact(field))
            o.close()
        o.open("if (flexible)")
        o.open("read_tagged_fields(r, [&](std::uint32_t tag, ByteView data)")
        tagged = self.tagged_fields()
        if tagged:
            o.open("switch (tag)")
            for field in tagged:
                o.open(f"case {field.tag}:")
                o.open(f"if ({self.cond(field.tagged)})")
                o.line("Reader tr(data);")
                self.read_field(field, "tr", field.member, "true")
                o.line(f'if (tr.remaining() != 0) throw DecodeFailure("{self.qualified}.{field.name}: tagged field longer than its value");')
                o.line("return;")
                o.close()
                o.line("break;")
                o.close()
            o.close()
        o.line("unknown_tagged_fields.push_back({tag, Bytes(data.begin(), data.end())});")
        o.close(");")
        o.close()
        o.close()
        o.line()

    # ---- writing ----------------------------------------------------------------------------
    def write_null(self, field, writer, kind, compact):
        o = self.out
        o.open(f"if (!({self.cond(field.nullable)}))")
        o.line(f'throw EncodeFailure("{self.qualified}.{field.name} is null, which version " + std::to_string(version) + " cannot carry");')
        o.close()
        if kind == "struct":
            o.line(f"{writer}.write_int8(-1);")
        else:
            o.line(f"{writer}.write_null_{kind}({compact});")

    def write_element(self, field, writer, value, compact):
        o = self.out
        if field.is_struct:
            o.line(f"{value}.write({writer}, version);")
        elif field.element == "string":
            o.line(f"{writer}.write_string({value}, {compact});")
        elif field.element in BLOBS:
            o.line(f"{writer}.write_bytes({value}, {compact});")
        else:
            o.line(f"{writer}.write_{SCALARS[field.element][1]}({value});")

    def write_field(self, field, writer, value, compact):
        o = self.out
        kind = "array" if field.is_array else "struct" if field.is_struct else \
            "string" if field.element == "string" else "bytes"
        if field.may_be_null():
            o.open(f"if (!{value})")
            self.write_null(field, writer, kind, compact)
            o.close()
            o.open("else")
            if kind == "struct":
                o.line(f"{writer}.write_int8(1);")
            value = f"(*{value})"
        if field.is_array:
            o.line(f"{writer}.write_array_length({value}.size(), {compact});")
            o.line(f"for (const auto& item : {value}) {{")
            o.depth += 1
            self.write_element(field, writer, "item", compact)
            o.close()
        else:
            self.write_element(field, writer, value, compact)
        if field.may_be_null():
            o.close()

    def emit_write(self):
        o = self.out
        o.open(f"void {self.qualified}::write(Writer& w, [[maybe_unused]] std::int16_t version) const")
        o.line(f"[[maybe_unused]] const bool flexible = {self.cond(self.message.flexible)};")
        o.line(f"[[maybe_unused]] static const {self.qualified} defaults{{}};")
        for field in self.fields:
            absent = self.cond(field.versions)
            if not field.ignorable and absent != "true":
                o.open(f"if (!({absent}) && !({field.member} == defaults.{field.member}))")
                o.line(f'throw EncodeFailure("{self.qualified}.{field.name} is set but version " + std::to_string(version) + " cannot carry it");')
                o.close()
        for field in self.regular_fields():
            presence = self.cond(self.presence(field))
            if presence == "false":
                continue
            o.open(f"if ({presence})" if presence != "true" else "")
            self.write_field(field, "w", field.member, self.compact(field))
            o.close()
        o.open("if (flexible)")
        o.line("std::vector<RawTaggedField> known;")
        for field in self.tagged_fields():
            o.open(f"if (({self.cond(field.tagged)}) && !({field.member} == defaults.{field.member}))")
            o.line(f"auto& entry = known.emplace_back(RawTaggedField{{{field.tag}, {{}}}});")
            o.line("Writer tw(entry.data);")
            self.write_field(field, "tw", field.member, "true")
            o.close()
        o.line("write_tagged_fields(w, known, unknown_tagged_fields);")
        o.close()
        o.close()
        o.line()


def emit_declaration(message, name, fields, out, is_top):
    out.open(f"struct {name}")
    if is_top:
        if message.api_key is not None:
            out.line(f"static constexpr std::int16_t kApiKey = {message.api_key};")
        out.line(f'static constexpr const char* kName = "{message.name}";')
        out.line(f"static constexpr std::int16_t kMinVersion = {message.valid.low};")
        out.line(f"static constexpr std::int16_t kMaxVersion = {message.valid.high};")
        first_flexible = -1 if message.flexible.empty() else message.flexible.low
        out.line(f"static constexpr std::int16_t kFirstFlexibleVersion = {first_flexible};")
        out.line()
        for struct in message.ordered_structs():
            emit_declaration(message, struct, message.structs[struct], out, False)
            out.line()
    for field in fields:
        out.line(f"{member_type(field)} {field.member} = {default_initializer(field)};")
    out.line("std::vector<RawTaggedField> unknown_tagged_fields;")
    out.line()
    out.line("void read(Reader& r, std::int16_t version);")
    out.line("void write(Writer& w, std::int16_t version) const;")
    out.line(f"bool operator==(const {name}&) const = default;")
    out.close(";")


def emit_definitions(message, out):
    for struct in message.ordered_structs():
        emitter = StructEmitter(message, f"{message.name}::{struct}", message.structs[struct], out)
        emitter.emit_read()
        emitter.emit_write()
    emitter = StructEmitter(message, message.name, message.fields, out)
    emitter.emit_read()
    emitter.emit_write()

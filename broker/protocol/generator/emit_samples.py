"""Emits fill_sample(): test support that sets every field a version carries to a non-default value.

The round-trip tests use it so that each field of each version is exercised without a hand-written
fixture per message. SampleSpec chooses between nulls, empties and long arrays.
"""

from emit_codec import SCALARS


def sample_value(field, spec_index):
    kind = field.element
    if kind == "bool":
        return "true"
    if kind == "float64":
        return f"{spec_index}.5 + spec.seed"
    if kind == "uuid":
        return "sample_uuid(spec.seed)"
    if kind == "string":
        return f'spec.empty ? std::string{{}} : "{field.name}-" + std::to_string(spec.seed)'
    if kind in ("bytes", "records"):
        return "spec.empty ? Bytes{} : sample_bytes(spec.seed)"
    cpp_type = SCALARS[kind][0]
    return f"static_cast<{cpp_type}>(spec.seed * 7 + {spec_index + 1})"


def emit_fill(message, qualified, fields, out):
    out.open(f"void fill_sample({qualified}& x, [[maybe_unused]] std::int16_t version, const SampleSpec& spec, [[maybe_unused]] int depth)")
    for index, field in enumerate(fields):
        present = field.versions.condition("version", message.valid)
        if present == "false":
            continue
        out.open(f"if ({present})")
        nullable = field.nullable.condition("version", message.valid)
        target = f"x.{field.member}"
        if field.may_be_null() and nullable != "false":
            out.open(f"if (spec.nulls && ({nullable}))")
            out.line(f"{target} = std::nullopt;")
            out.close()
            out.open("else")
        if field.is_array:
            out.line(f"auto& items = {target + '.emplace()' if field.may_be_null() else target};")
            out.line("items.clear();")
            out.line("const int count = depth == 0 ? spec.array_length : std::min(spec.array_length, 2);")
            out.open("for (int i = 0; i < count; ++i)")
            if field.is_struct:
                out.line("fill_sample(items.emplace_back(), version, spec.next(i), depth + 1);")
            else:
                out.line("[[maybe_unused]] const SampleSpec item_spec = spec.next(i);")
                out.line(f"items.push_back({sample_value(field, index).replace('spec.', 'item_spec.')});")
            out.close()
        elif field.is_struct:
            out.line(f"fill_sample({target + '.emplace()' if field.may_be_null() else target}, version, spec, depth + 1);")
        else:
            out.line(f"{target} = {sample_value(field, index)};")
        if field.may_be_null() and nullable != "false":
            out.close()
        out.close()
    out.close()
    out.line()


def emit_samples(message, out):
    for struct in message.ordered_structs():
        emit_fill(message, f"{message.name}::{struct}", message.structs[struct], out)
    emit_fill(message, message.name, message.fields, out)


def emit_sample_declarations(message, out):
    for struct in message.ordered_structs():
        out.line(f"void fill_sample({message.name}::{struct}& x, std::int16_t version, const SampleSpec& spec, int depth);")
    out.line(f"void fill_sample({message.name}& x, std::int16_t version, const SampleSpec& spec, int depth = 0);")

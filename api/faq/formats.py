"""Reading and writing FAQ files: JSONL, YAML and CSV, in the import format (the fields of
schemas.EntryIn). Reading never raises on a bad record: it returns (line, data or reason) so that
an import can report every bad line at once.

CSV is written for Excel as used in Belgium: UTF-8 with a BOM (so accents survive), `;` as the
separator (the list separator of the nl-BE and fr-BE locales, so columns split on double-click),
CRLF line ends, a space before a cell that Excel would take for a formula, every field quoted when it holds `;`, quotes or newlines (Markdown answers keep
their line breaks inside one cell), and lists (alternatives, tags) joined by " | ". Reading also
accepts `,` as the separator and a file without BOM.
"""
import csv
import io
import json
from collections.abc import Iterable

import yaml

FORMATS = ("jsonl", "yaml", "csv")
FIELDS = ("id", "lang", "group", "status", "question", "alternatives", "answer", "url", "tags")
LIST_FIELDS = ("alternatives", "tags")
LIST_SEP = " | "

Record = tuple[int, dict | str]  # (line number, the data, or why it could not be read)


class UnreadableFile(ValueError):
    """The file as a whole cannot be read (not one bad line, but no lines at all)."""


def format_for(filename: str) -> str:
    """The format that a file name suggests (.jsonl, .yaml/.yml, .csv)."""
    suffix = filename.rsplit(".", 1)[-1].lower()
    return {"jsonl": "jsonl", "json": "jsonl", "yaml": "yaml", "yml": "yaml", "csv": "csv"}.get(suffix, suffix)


def _text(raw: bytes | str) -> str:
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"The file is not UTF-8 text (byte {exc.start}). Save it as UTF-8 and retry.")


def read(raw: bytes | str, fmt: str) -> list[Record]:
    if fmt not in FORMATS:
        raise UnreadableFile(f"Unknown format '{fmt}'; use one of {', '.join(FORMATS)}.")
    text = _text(raw)
    return {"jsonl": _read_jsonl, "yaml": _read_yaml, "csv": _read_csv}[fmt](text)


def _read_jsonl(text: str) -> list[Record]:
    out: list[Record] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append((number, f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        out.append((number, data if isinstance(data, dict) else "not a JSON object"))
    return out


def _read_yaml(text: str) -> list[Record]:
    """A YAML list of mappings; each record is numbered by the line where it starts."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return []
        if not isinstance(root, yaml.SequenceNode):
            raise UnreadableFile("A YAML FAQ file must be a list of entries (each item starting with '- ').")
        out: list[Record] = []
        for node in root.value:
            number = node.start_mark.line + 1
            if not isinstance(node, yaml.MappingNode):
                out.append((number, "not a mapping of fields"))
                continue
            try:
                out.append((number, loader.construct_object(node, deep=True)))
            except yaml.YAMLError as exc:
                out.append((number, f"not valid YAML ({exc})"))
        return out
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise UnreadableFile(f"The file is not valid YAML{where}: {getattr(exc, 'problem', exc)}.")
    finally:
        loader.dispose()


def _read_csv(text: str) -> list[Record]:
    """Numbered as a spreadsheet numbers rows: the header is row 1 (a cell with line breaks
    still counts as one row)."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            return []
        header = [h.strip() for h in header]
        out: list[Record] = []
        for number, row in enumerate(reader, 2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                out.append((number, f"has {len(row)} cells where the header has {len(header)}"))
                continue
            data: dict = {}
            for name, cell in zip(header, row):
                if name in LIST_FIELDS:
                    data[name] = [part.strip() for part in cell.split("|") if part.strip()]
                elif name in ("url", "group"):
                    data[name] = cell.strip() or None
                elif name == "status" and not cell.strip():
                    continue  # empty status: the default (draft)
                else:
                    data[name] = cell
            out.append((number, data))
        return out
    except csv.Error as exc:
        raise UnreadableFile(f"The CSV file is malformed at line {reader.line_num}: {exc}.")


def _cell(value: str) -> str:
    """Excel takes a cell starting with = + - @ for a formula (a Markdown list starts with "- ").
    A leading space keeps it text; every field is stripped on import, so nothing changes."""
    return " " + value if value[:1] in ("=", "+", "-", "@") else value


def write(entries: Iterable[dict], fmt: str) -> bytes:
    """Entries as dicts with the import fields, in the given format."""
    rows = [{name: entry.get(name) for name in FIELDS} for entry in entries]
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()
    if fmt == "yaml":
        return yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=100).encode()
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(FIELDS)
        for row in rows:
            writer.writerow([_cell(LIST_SEP.join(row[n] or []) if n in LIST_FIELDS else (row[n] or ""))
                             for n in FIELDS])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    raise UnreadableFile(f"Unknown format '{fmt}'; use one of {', '.join(FORMATS)}.")


MEDIA_TYPES = {"jsonl": "application/x-ndjson", "yaml": "application/yaml", "csv": "text/csv; charset=utf-8"}

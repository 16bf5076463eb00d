"""``review-assistant``: ingest, browse, ask, evaluate and start the chat UI."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from assistant.service import Assistant
from core.config import Settings, load_settings
from core.errors import IngestAborted, QuestionError, ReviewAssistantError
from core.models import FileOutcome, Filters, IngestReport

app = typer.Typer(
    add_completion=False,
    # Plain help: typer's rich help prints a stray "<bool>" beside every flag.
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Review Learning Assistant: cited answers from safeguarding review learning.",
)
console = Console()
err = Console(stderr=True)

IndexDir = Annotated[
    Path | None,
    typer.Option("--index-dir", help="Index folder (env REVIEW_ASSISTANT_INDEX_DIR)."),
]

EXIT_OK, EXIT_FAILED_FILES, EXIT_ERROR = 0, 1, 2


# What the ingest progress bar calls each stage the pipeline reports.
_INGEST_STAGES = {
    "scan": "Reading files",
    "embed": "Embedding learning points",
    "index": "Writing to the index",
    "document": "Embedding a large document",
}


@contextmanager
def _progress_bar(label: Callable[[str], str]) -> Iterator[Callable[[str, int, int], None]]:
    """A transient bar on stderr per stage; yields ``progress(stage, done, total)``.

    ``label(stage)`` names a stage's bar when it first reports. Used by ``ingest`` and
    ``eval`` (the eval runner takes it as a callback: evals never import the UI).
    """
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(label(stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield progress


def _settings(index_dir: Path | None = None, **extra: object) -> Settings:
    try:
        return load_settings(index_dir=index_dir, **extra)
    except Exception as exc:  # pydantic ValidationError: name the bad setting
        err.print(f"[red]Invalid configuration:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_ERROR) from exc


def _open(settings: Settings) -> Assistant:

    try:
        return Assistant.open(settings)
    except ReviewAssistantError as exc:
        err.print(f"[red]Error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(EXIT_ERROR) from exc


def print_report(report: IngestReport) -> None:
    """The ingest summary table and totals."""
    # Every document-derived string is escaped: a file named "[bold]name.txt" or a heading
    # "[/cyan] Review" is shown as written, never read as Rich markup.
    table = Table(title="Ingest", show_lines=False)
    for column in ("document", "status", "reviews", "learning points", "reason"):
        table.add_column(column)
    colours = {"failed": "red", "removed": "yellow", "duplicate": "yellow"}
    for o in report.outcomes:
        colour = colours.get(o.status, "green")
        table.add_row(
            escape(o.doc_id),
            f"[{colour}]{o.status}[/{colour}]",
            str(o.reviews or ""),
            str(o.learning_points or ""),
            escape(o.reason or o.note),
        )
    console.print(table)
    ingested = [o for o in report.outcomes if o.status in ("added", "updated", "unchanged")]
    console.print(
        f"documents: {len(ingested)}  reviews: {sum(o.reviews for o in ingested)}  "
        f"learning points: {sum(o.learning_points for o in ingested)}  "
        f"skipped (unchanged): {report.count('unchanged')}  added: {report.count('added')}  "
        f"updated: {report.count('updated')}  removed: {report.count('removed')}  "
        f"duplicates: {report.count('duplicate')}  failed: {report.count('failed')}"
    )


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders (default: corpus/ and your library)."),
    ] = None,
    index_dir: IndexDir = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Drop the index and re-embed all.")
    ] = False,
) -> None:
    """Ingest review briefs (PDF, DOCX, TXT, MD) into the index.

    Exit codes: 0 every file ingested or unchanged; 1 some files failed or duplicate another
    document (the rest were ingested; failed documents keep their previous version); 2 the
    index could not be opened, read or written.
    """
    settings = _settings(index_dir)
    assistant = _open(settings)
    with _progress_bar(lambda stage: _INGEST_STAGES.get(stage, stage)) as progress:
        try:
            report = assistant.ingest(paths or None, rebuild=rebuild, progress=progress)
        except IngestAborted as exc:
            aborted: IngestAborted | None = exc
            report = IngestReport(tuple(o for o in exc.outcomes if isinstance(o, FileOutcome)))
        except ReviewAssistantError as exc:
            err.print(f"[red]Error:[/red] {escape(str(exc))}", highlight=False)
            raise typer.Exit(EXIT_ERROR) from exc
        else:
            aborted = None
    print_report(report)
    for failure in report.failed:
        err.print(
            f"[red]failed:[/red] {escape(str(failure.path))}: {escape(failure.reason)}",
            highlight=False,
        )
    if aborted is not None:
        err.print(f"[red]Error:[/red] {escape(str(aborted))}", highlight=False)
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(ingest_exit_code(report))


def ingest_exit_code(report: IngestReport) -> int:
    """0 every file ingested or unchanged; 1 a file failed or duplicates another document
    (it was not ingested under its own name: remove one copy). See the README's table."""
    if report.failed or report.count("duplicate"):
        return EXIT_FAILED_FILES
    return EXIT_OK


@app.command()
def corpus(
    index_dir: IndexDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    review: Annotated[
        str | None, typer.Option("--review", help="Show this review's profile (label).")
    ] = None,
) -> None:
    """List documents -> reviews -> sections -> learning points in the index."""
    from assistant.library import origin_of

    settings = _settings(index_dir)
    assistant = _open(settings)
    if review is not None:
        raise typer.Exit(_print_profiles(assistant, review, as_json))
    tree = assistant.corpus()
    documents = assistant.documents()
    origins = {d: origin_of(documents.get(d, {}), settings) for d in tree}
    if as_json:
        payload = {
            doc_id: {
                "title": documents.get(doc_id, {}).get("title", doc_id),
                "origin": origins[doc_id],
                "source": str(documents.get(doc_id, {}).get("source", "")),
                "coverage": documents.get(doc_id, {}).get("coverage"),
                "reviews": {
                    review: {section: labels for section, labels in sections.items()}
                    for review, sections in reviews.items()
                },
            }
            for doc_id, reviews in tree.items()
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    total_reviews = 0
    for doc_id, reviews in tree.items():
        title = str(documents.get(doc_id, {}).get("title", ""))
        coverage = _coverage_text(documents.get(doc_id, {}))
        console.print(
            f"[bold]{escape(doc_id)}[/bold] — {escape(title)} [dim]({origins[doc_id]})[/dim]"
            f"{coverage}",
            highlight=False,
        )
        for review, sections in reviews.items():
            total_reviews += 1
            count = sum(len(v) for v in sections.values())
            console.print(
                f"  [cyan]{escape(review)}[/cyan] ({count} learning points)", highlight=False
            )
            for section, labels in sections.items():
                shown = ", ".join(labels[:6]) + (" …" if len(labels) > 6 else "")
                console.print(
                    f"    {escape(section)}: {len(labels)} — {escape(shown)}", highlight=False
                )
    console.print(
        f"{len(tree)} documents, {total_reviews} reviews, "
        f"{sum(len(v) for r in tree.values() for s in r.values() for v in s.values())}"
        " learning points"
    )


def _coverage_text(record: dict[str, object]) -> str:
    """ " (coverage 98%, 3 line(s) left out)" for a document record (empty when not known)."""
    coverage = record.get("coverage")
    if not isinstance(coverage, int | float):
        return ""
    dropped = record.get("dropped")
    left = f", {dropped} line(s) left out" if isinstance(dropped, int) and dropped else ""
    return f" (coverage {coverage:.0%}{left})"


def _print_profiles(assistant: Assistant, name: str, as_json: bool) -> int:
    """``corpus --review NAME``: the review's profile; 2 when no review has that name."""
    from assistant.profiles import ROLE_LABELS, find_profiles
    from ingest.themes import THEME_LABELS

    chunks = assistant.chunks()
    found = find_profiles(name, chunks, assistant.documents())
    if not found:
        labels = sorted({c.review for c in chunks})
        err.print(
            f"[red]No review is called '{escape(name)}'.[/red] Reviews in the index: "
            + escape("; ".join(labels))
        )
        return EXIT_ERROR
    if as_json:
        sys.stdout.write(
            json.dumps([p.as_dict() for p in found], indent=2, ensure_ascii=False) + "\n"
        )
        return EXIT_OK
    unknown = "not stated"
    for p in found:
        console.print(f"[bold]{escape(p.review)}[/bold] — {escape(p.doc_title)}", highlight=False)
        for label, value in (
            ("subject", p.subject),
            ("type", p.review_type),
            ("partnership", p.partnership),
            ("year", p.year),
        ):
            console.print(f"  {label}: {escape(str(value or unknown))}", highlight=False)
        if p.summary and p.summary_chunk is not None:
            where = f", p. {p.summary_chunk.page}" if p.summary_chunk.page else ""
            console.print(f"  case summary: “{escape(p.summary)}”", highlight=False)
            console.print(
                f"    [dim]— {escape(p.summary_chunk.learning_point)} "
                f"({escape(p.summary_chunk.section)}){where}[/dim]",
                highlight=False,
            )
        else:
            console.print(f"  case summary: {unknown} (no summary section found)")
        console.print(
            "  themes: "
            + escape(
                ", ".join(f"{THEME_LABELS[s]} ({n})" for s, n in p.themes[:8])
                + (" …" if len(p.themes) > 8 else "")
                or "none tagged"
            ),
            highlight=False,
        )
        console.print(
            f"  learning points: {p.learning_points} — "
            + escape(", ".join(f"{ROLE_LABELS[r]} {n}" for r, n in p.roles)),
            highlight=False,
        )
        console.print(f"  source: {escape(p.source or 'not available')}", highlight=False)
    return EXIT_OK


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Your question, in quotes.")],
    review: Annotated[str | None, typer.Option(help="Only this review (label).")] = None,
    theme: Annotated[str | None, typer.Option(help="Only this theme (slug).")] = None,
    doc: Annotated[str | None, typer.Option(help="Only this document (id).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    index_dir: IndexDir = None,
) -> None:
    """Ask a question; the answer cites review and learning point for every claim."""
    from assistant.render import render_terminal

    settings = _settings(index_dir)
    assistant = _open(settings)
    if assistant.is_empty():
        err.print("[yellow]The index is empty: run 'review-assistant ingest' first.[/yellow]")
        raise typer.Exit(EXIT_ERROR)
    try:
        answer = assistant.ask(question, filters=Filters(doc=doc, review=review, theme=theme))
    except QuestionError as exc:
        err.print(f"[red]{escape(str(exc))}[/red]", highlight=False)
        raise typer.Exit(EXIT_ERROR) from exc
    if as_json:
        sys.stdout.write(json.dumps(answer.as_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        render_terminal(answer, console)


@app.command("eval")
def eval_(
    questions: Annotated[Path, typer.Option("--questions", help="Question set (JSONL).")] = Path(
        "evals/questions.jsonl"
    ),
    k: Annotated[int, typer.Option("--k", help="Passages retrieved per question.")] = 10,
    config: Annotated[
        list[str] | None,
        typer.Option(
            "--config",
            help="default, hybrid, hybrid-<fusion> for each other fusion method (hybrid-rrf, "
            "hybrid-weighted), bm25, dense, langchain-naive (repeat).",
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", help="Write results JSON.")] = None,
    index_dir: IndexDir = None,
    corpus_dir: Annotated[
        list[Path] | None,
        typer.Option("--corpus", help="Corpus folder to evaluate against (repeatable)."),
    ] = None,
    publish: Annotated[
        bool,
        typer.Option(
            "--publish", help="Write the summary to evals/published.json (the About page)."
        ),
    ] = False,
) -> None:
    """Retrieval and citation metrics for configurations side by side."""
    from assistant.about import PUBLISHED_FILE
    from evals.runner import eval_command

    raise typer.Exit(
        eval_command(
            questions,
            k,
            list(config or []),
            output,
            index_dir,
            corpus_dir or None,
            publish=PUBLISHED_FILE if publish else None,
            progress_bar=lambda: _progress_bar(lambda name: f"eval {name}"),
        )
    )


@app.command()
def about() -> None:
    """How accurate the answers are (the latest published evaluation) and what the tool does
    not do."""
    from assistant.about import LIMITS, PUBLISHED_FILE, load_published, plain_statement

    try:
        sets = load_published()
    except ReviewAssistantError as exc:
        err.print(f"[red]Error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_ERROR) from exc
    console.print("[bold]About these answers[/bold]")
    if not sets:
        console.print(
            f"No evaluation has been published yet ({PUBLISHED_FILE}); run "
            "review-assistant eval --publish.",
            highlight=False,
        )
    for published in sets:
        console.print()
        for line in plain_statement(published):
            console.print(escape(line), highlight=False)
    console.print("\n[bold]What it does not do[/bold]")
    for line in LIMITS:
        console.print(f"- {escape(line)}", highlight=False)


@app.command()
def ui(
    port: Annotated[int | None, typer.Option(help="Port (default 8501).")] = None,
    headless: Annotated[bool, typer.Option("--headless", help="Do not open a browser.")] = False,
    index_dir: IndexDir = None,
) -> None:
    """Start the chat UI (ingests the bundled corpus first if the index is empty)."""
    from ui.launch import run_ui

    try:
        code = run_ui(_settings(index_dir), port=port, headless=headless)
    except ReviewAssistantError as exc:  # e.g. the index is busy, the server did not start
        err.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(EXIT_ERROR) from exc
    raise typer.Exit(code)


@app.command()
def themes(
    query: Annotated[
        str | None,
        typer.Argument(help="A theme (name or slug) or a question; omit for the theme table."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    index_dir: IndexDir = None,
) -> None:
    """Learning across reviews: each review's best cited point on a theme or question."""
    from assistant.compare import compare, theme_counts
    from ingest.themes import THEME_LABELS, THEMES

    assistant = _open(_settings(index_dir))
    if assistant.is_empty():
        err.print("[yellow]The index is empty: run 'review-assistant ingest' first.[/yellow]")
        raise typer.Exit(EXIT_ERROR)
    if query is None or not query.strip():
        refs, slugs, counts = theme_counts(assistant.chunks())
        if as_json:
            payload = {
                "themes": [
                    {"slug": t.slug, "label": t.label, "bodies": list(t.bodies)} for t in THEMES
                ],
                "counts": {
                    r.review: dict(zip(slugs, row, strict=True))
                    for r, row in zip(refs, counts, strict=True)
                },
            }
            sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
            return
        table = Table(title="Learning points per theme (rows) and review (columns)")
        table.add_column("theme")
        for i, _ in enumerate(refs, start=1):
            table.add_column(f"R{i}", justify="right")
        for j, slug in enumerate(slugs):
            cells = [str(row[j]) if row[j] else "·" for row in counts]
            table.add_row(THEME_LABELS[slug], *cells)
        console.print(table)
        for i, ref in enumerate(refs, start=1):
            console.print(f"R{i} = {ref.review} ({ref.doc_id})", highlight=False)
        console.print('Ask about one: review-assistant themes "escalation"', highlight=False)
        return
    try:
        result = compare(assistant, query)
    except QuestionError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_ERROR) from exc
    if as_json:
        sys.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    topic = f"theme '{result.theme_label}'" if result.theme_label else f"'{result.query}'"
    console.print(
        f"[bold]Reviews with learning on {escape(topic)}[/bold]: {len(result.findings)} of "
        f"{len(result.findings) + len(result.without)}"
    )
    for f in result.findings:
        chunk = f.citation.chunk
        where = f", p. {chunk.page}" if chunk.page else ""
        console.print(
            f"\n[cyan]{escape(f.ref.review)}[/cyan] — {escape(chunk.learning_point)} "
            f"({escape(chunk.section)}) — {escape(chunk.doc_title)}{where}"
            + (f"  [dim]{f.matches} points[/dim]" if f.matches > 1 else ""),
            highlight=False,
        )
        console.print(f"    “{escape(f.citation.quote)}”", style="dim", highlight=False)
    if result.without:
        console.print(
            "\n[bold]Nothing on it:[/bold] " + escape("; ".join(r.review for r in result.without)),
            highlight=False,
        )


feedback_app = typer.Typer(help="Feedback collected in the chat UI.", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")


@feedback_app.command("export")
def feedback_export(
    output: Annotated[Path, typer.Option("--output", help="JSONL file to write.")] = Path(
        "evals/feedback-questions.jsonl"
    ),
) -> None:
    """Write flagged answers (wrong citation / thumbs down) as eval questions."""
    from assistant.feedback import export_command

    settings = _settings()
    try:
        count = export_command(settings, output)
    except ReviewAssistantError as exc:
        err.print(f"[red]Error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(EXIT_ERROR) from exc
    console.print(f"{count} flagged answers written to {escape(str(output))}")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()

"""``review-assistant``: ingest, browse, ask, evaluate and start the chat UI."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from assistant.config import Settings, load_settings
from assistant.errors import QuestionError, ReviewAssistantError
from assistant.models import Filters, IngestReport
from assistant.service import Assistant

app = typer.Typer(
    add_completion=False,
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


def _settings(index_dir: Path | None = None, **extra: object) -> Settings:
    try:
        return load_settings(index_dir=index_dir, **extra)
    except Exception as exc:  # pydantic ValidationError: name the bad setting
        err.print(f"[red]Invalid configuration:[/red] {exc}")
        raise typer.Exit(EXIT_ERROR) from exc


def _open(settings: Settings) -> Assistant:

    try:
        return Assistant.open(settings)
    except ReviewAssistantError as exc:
        err.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(EXIT_ERROR) from exc


def print_report(report: IngestReport) -> None:
    """The ingest summary table and totals."""
    table = Table(title="Ingest", show_lines=False)
    for column in ("document", "status", "reviews", "learning points", "reason"):
        table.add_column(column)
    colours = {"failed": "red", "removed": "yellow", "duplicate": "yellow"}
    for o in report.outcomes:
        colour = colours.get(o.status, "green")
        table.add_row(
            o.doc_id,
            f"[{colour}]{o.status}[/{colour}]",
            str(o.reviews or ""),
            str(o.learning_points or ""),
            o.reason,
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
        list[Path] | None, typer.Argument(help="Files or folders (default corpus/).")
    ] = None,
    index_dir: IndexDir = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Drop the index and re-embed all.")
    ] = False,
) -> None:
    """Ingest review briefs (PDF, DOCX, TXT, MD) into the index.

    Exit codes: 0 every file ingested or unchanged; 1 some files failed (the rest were
    ingested; failed documents keep their previous version); 2 the index could not be used.
    """
    settings = _settings(index_dir)
    assistant = _open(settings)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                label = {
                    "scan": "Reading files",
                    "embed": "Embedding learning points",
                    "index": "Writing to the index",
                }
                tasks[stage] = bar.add_task(label.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)  # type: ignore[arg-type]

        try:
            report = assistant.ingest(paths or None, rebuild=rebuild, progress=progress)
        except ReviewAssistantError as exc:
            err.print(f"[red]Error:[/red] {exc}")
            raise typer.Exit(EXIT_ERROR) from exc
    print_report(report)
    for failure in report.failed:
        err.print(f"[red]failed:[/red] {failure.path}: {failure.reason}")
    raise typer.Exit(EXIT_OK if report.ok else EXIT_FAILED_FILES)


@app.command()
def corpus(
    index_dir: IndexDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List documents -> reviews -> sections -> learning points in the index."""
    assistant = _open(_settings(index_dir))
    tree = assistant.corpus()
    documents = assistant.documents()
    if as_json:
        payload = {
            doc_id: {
                "title": documents.get(doc_id, {}).get("title", doc_id),
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
        console.print(f"[bold]{doc_id}[/bold] — {documents.get(doc_id, {}).get('title', '')}")
        for review, sections in reviews.items():
            total_reviews += 1
            count = sum(len(v) for v in sections.values())
            console.print(f"  [cyan]{review}[/cyan] ({count} learning points)")
            for section, labels in sections.items():
                shown = ", ".join(labels[:6]) + (" …" if len(labels) > 6 else "")
                console.print(f"    {section}: {len(labels)} — {shown}", highlight=False)
    console.print(
        f"{len(tree)} documents, {total_reviews} reviews, "
        f"{sum(len(v) for r in tree.values() for s in r.values() for v in s.values())}"
        " learning points"
    )


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
        err.print(f"[red]{exc}[/red]")
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
            "--config", help="default, hybrid, hybrid-rrf, bm25, dense, langchain-naive (repeat)."
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", help="Write results JSON.")] = None,
    index_dir: IndexDir = None,
    corpus_dir: Annotated[
        list[Path] | None,
        typer.Option("--corpus", help="Corpus folder to evaluate against (repeatable)."),
    ] = None,
) -> None:
    """Retrieval and citation metrics for configurations side by side."""
    from evals.runner import eval_command

    raise typer.Exit(
        eval_command(questions, k, list(config or []), output, index_dir, corpus_dir or None)
    )


@app.command()
def ui(
    port: Annotated[int | None, typer.Option(help="Port (default 8501).")] = None,
    headless: Annotated[bool, typer.Option("--headless", help="Do not open a browser.")] = False,
    index_dir: IndexDir = None,
) -> None:
    """Start the chat UI (ingests the bundled corpus first if the index is empty)."""
    from ui.launch import run_ui

    raise typer.Exit(run_ui(_settings(index_dir), port=port, headless=headless))


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
        err.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(EXIT_ERROR) from exc
    console.print(f"{count} flagged answers written to {output}")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()

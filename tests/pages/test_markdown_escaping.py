"""Every string the dashboard renders as Markdown is code-made or escaped by ui.text.md.

Streamlit renders Markdown in st.markdown/caption/error/warning/info/success/toast/
title/header/subheader, in widget labels and help texts and in progress texts. Issue 15
item 5: ``?entity=`` and ``?corpus=`` values reached some of them raw, so an image in the
URL was fetched and a link drawn. This test reads the source of pages/, ui/ and
dashboard.py: each argument of those calls must be a literal, a number, ``md(...)`` of
anything, or a name listed below with the reason it can only hold code-made text. A new
call that shows a variable fails here until it is escaped (or listed, with a reason).
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FILES = sorted([*(REPO / "pages").glob("*.py"), *(REPO / "ui").glob("*.py"), REPO / "dashboard.py"])

#: Calls whose first positional argument is rendered as Markdown.
BODY = {"markdown", "caption", "error", "warning", "info", "success", "toast", "title",
        "header", "subheader", "write", "exception", "empty_state", "spinner",
        "status"}  # fmt: skip
#: Widgets whose first positional argument is their (Markdown) label.
LABELLED = {"button", "download_button", "link_button", "checkbox", "toggle", "radio",
            "selectbox", "multiselect", "text_input", "text_area", "number_input",
            "date_input", "time_input", "slider", "select_slider", "segmented_control",
            "pills", "file_uploader", "color_picker", "expander", "popover", "metric",
            "form_submit_button", "feedback", "chat_input"}  # fmt: skip
KEYWORDS = {"body", "label", "help", "text", "placeholder"}
NUMBERS = {"len", "int", "min", "max", "sum", "round", "float", "edit_count"}
SAME_TEXT = {"lower", "upper", "capitalize", "title", "replace", "strip"}

#: Names holding only code-made text (checked by hand), per file, with the reason.
CODE_MADE = {
    "pages/countries.py": {
        "label": "RULE_HELP/CONTEXT_HELP constants or a rule's switch name",
        "example": "RULE_HELP/CONTEXT_HELP constants",
        "states": "labels of the rule switches with on/off (analysis.countries.changed_rules)",
        "r": "rule names (countries.RULES keys)",
        "by": "a radio over two literal options",
        "period": "a radio over literal options",
        "rule.label": "analysis.countries.rules.RULES: declared in code",
        "rule.meaning": "analysis.countries.rules.RULES: declared in code",
        "rule.help": "analysis.countries.rules.RULES: declared in code",
        "spec": "analysis.countries.rule_specs.spec_of: rule ids from RULES, signs and commas",
    },
    "ui/country_rules.py": {
        "rule.label": "analysis.countries.rules.RULES: declared in code",
        "rule.meaning": "analysis.countries.rules.RULES: declared in code",
        "rule.help": "analysis.countries.rules.RULES: declared in code",
    },
    "pages/documents.py": {"counting": "literal"},
    "pages/downloads.py": {"label": "FILES", "tip": "FILES", "name": "report.EXPORT_TABLES"},
    "pages/entities.py": {
        "edited": "a literal suffix",
        "by": "literal options",
        "label": "literal metric labels",
        "v.label": "entity labels (spaCy's label set, analysis.resolve.label_votes)",
    },
    "pages/overview.py": {
        "label": "literal metric labels",
        "help_text": "numbers and literals",
        "banner": "analysis.dates.date_banner: counts and literals",
        "listed": "ISO days from the axis rule (analysis.present.charts.axes)",
    },
    "pages/timeline.py": {
        "noun": "a literal",
        "dates": "the event-date filter: ISO days (analysis.filters._day)",
        "notes": "literals and numbers",
        "basis": "a literal dict",
        "flags": "literal flag names",
        "k": "literal fact names",
    },
    "pages/corpus.py": {
        "t": "uploads.accepted_types(), code constants",
        "limits": "UploadLimits: numbers from the operator's settings",
        "banner": "analysis.dates.date_banner: counts and literals",
        "first": "analysis.dates.plausible_window: ISO dates",
        "last": "analysis.dates.plausible_window: ISO dates",
    },
    "ui/uploads.py": {"piece": "bytes written to a file (file.write), not Streamlit"},
    "ui/aliases.py": {"count": "a number", "fmt": "literal formats", "label": "literal buttons"},
    "ui/trends.py": {
        "where": "literals, numbers and Filters dates (analysis.filters._day: YYYY-MM-DD)",
        "period": "literal options",
        "kind": "literal panel names",
    },
    "dashboard.py": {
        "corpus.warning": "analysis.nlp.model_warning: code-made, names the "
        "operator's model, never URL or corpus text"
    },
    "ui/sidebar.py": {"text": "built above from md(...) and numbers", "label": "literals"},
    "ui/state.py": {"skipped": "a number and literals", "text": "progress: numbers, literals"},
    "ui/widgets.py": {
        "message": "empty_state's Markdown argument: its callers are checked here",
        "fmt": "literal formats",
        "text": "analysis.present.charts.axes.announcement: counts, ISO days and the pages' nouns",
    },
}


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _is_constant_name(name: str) -> bool:
    return name.isupper() or name.lstrip("_").isupper()


def safe(node: ast.AST, allowed: dict[str, str]) -> bool:
    """True when ``node`` can only produce escaped or code-made text."""
    if isinstance(node, ast.Constant | ast.Compare):
        return True  # literals; a comparison is a bool
    if isinstance(node, ast.Name):
        return node.id in allowed or _is_constant_name(node.id)
    if isinstance(node, ast.Attribute):
        return _is_constant_name(node.attr) or ast.unparse(node) in allowed
    if isinstance(node, ast.Subscript):
        return safe(node.value, allowed)
    if isinstance(node, ast.JoinedStr):
        return all(
            isinstance(v, ast.Constant) or v.format_spec is not None or safe(v.value, allowed)
            for v in node.values
        )
    if isinstance(node, ast.BinOp):
        return safe(node.left, allowed) and safe(node.right, allowed)
    if isinstance(node, ast.IfExp | ast.BoolOp):
        parts = [node.body, node.orelse] if isinstance(node, ast.IfExp) else node.values
        return all(safe(p, allowed) for p in parts)
    if isinstance(node, ast.GeneratorExp | ast.ListComp):
        return safe(node.elt, allowed)
    if isinstance(node, ast.Call):
        name = _callee(node)
        if name == "md" or name in NUMBERS:
            return True
        if isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            if name == "join":
                return safe(receiver, allowed) and all(safe(a, allowed) for a in node.args)
            if name == "get":  # a dict's value: the dict and the default matter
                return safe(receiver, allowed) and all(safe(a, allowed) for a in node.args[1:])
            if name in SAME_TEXT | {"describe"}:
                return safe(receiver, allowed) and all(safe(a, allowed) for a in node.args)
    return False


def rendered_arguments(tree: ast.AST) -> list[tuple[str, ast.AST]]:
    """(call name, argument) for each argument Streamlit renders as Markdown."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _callee(node)
        args = []
        if (name in BODY or name in LABELLED) and node.args:
            args.append(node.args[0])
        if name in BODY | LABELLED | {"page_link", "progress"}:
            args += [k.value for k in node.keywords if k.arg in KEYWORDS]
        found += [(name, a) for a in args]
    return found


def unescaped(path: Path) -> list[str]:
    allowed = CODE_MADE.get(path.relative_to(REPO).as_posix(), {})
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(REPO)}:{arg.lineno}: {name}({ast.unparse(arg)[:90]})"
        for name, arg in rendered_arguments(tree)
        if not safe(arg, allowed)
    ]


def test_every_markdown_argument_is_escaped_or_code_made() -> None:
    problems = [p for path in FILES for p in unescaped(path)]
    assert problems == [], "wrap user/corpus text in ui.text.md():\n" + "\n".join(problems)


def test_the_check_sees_raw_values() -> None:
    # the check must be able to fail: the shapes the issue found, and a few more
    raw = """
st.error(result)
st.caption(f"filters: {'; '.join(lines)}")
st.markdown(f"**{state.display_name()}** · {docs:,} documents")
st.selectbox("Pick", opts, help=f"about {name}")
st.page_link("pages/x.py", label=title)
"""
    shown = [ast.unparse(a) for _, a in rendered_arguments(ast.parse(raw)) if not safe(a, {})]
    assert len(shown) == 5, shown
    escaped = 'st.error(md(result))\nst.caption(f"n: {len(x):,} · {md(name)}")'
    assert all(safe(a, {}) for _, a in rendered_arguments(ast.parse(escaped)))

"""The notes pane: the article's marks, notes and highlights (the "head", made by ``notes_head``),
then its entities by label with mention counts, then its figures.

Picking an entity posts ``EntityChosen`` (the pivot); picking a figure posts ``FigureChosen``;
picking a note or a highlight posts ``NoteChosen``.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Region
from textual.visual import visualize
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsreader.app.keymap import bindings
from newsreader.app.messages import EntityChosen, FigureChosen, NoteChosen
from newsreader.app.theming import label_style
from newsreader.app.widgets.notes_head import STATUS_ID, note_target
from newsreader.core.analysis.document import AnalysedArticle
from newsreader.core.analysis.spans import ENTITY_LABELS, FIGURE_LABELS
from newsreader.core.library import entity_counts, format_value

__all__ = ["NotesPane"]

HEADINGS = {"PERSON": "People", "ORG": "Organisations", "PLACE": "Places", "GROUP": "Groups"}
MAX_FIGURES = 500


class _Prompt(Content):
    """An option's text; most fit on one line, which is known without wrapping them."""

    __slots__ = ()

    def get_height(self, rules, width: int) -> int:
        if "\n" not in self.plain and self.cell_length <= width - rules.get("line_pad", 0) * 2:
            return 1
        return super().get_height(rules, width)


class NotesPane(OptionList):
    BINDINGS = bindings("notes")
    DEFAULT_CSS = """
    NotesPane { background: $surface; padding: 0 1; height: 1fr; }
    NotesPane > .option-list--option-disabled { color: $text-muted; text-style: bold; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._targets: dict[str, tuple[str, ...]] = {}
        self._head: list[Option | None] = []
        self._body: list[Option | None] = []

    def set_head(self, options: list[Option | None], *, update: bool = True) -> None:
        """The marks, notes and highlights shown first; ``update=False`` when ``show`` follows."""
        self._head = options
        if update:
            highlighted = self.highlighted
            self._set_all()
            if highlighted is not None and self.option_count:
                self.highlighted = min(highlighted, self.option_count - 1)

    def set_status(self, status: Content) -> None:
        """Replace the read / starred / tags line alone: other options keep their rendering."""
        if not (self._head and self._head[0] is not None and self._head[0].id == STATUS_ID):
            return
        self._head[0] = Option(status, id=STATUS_ID, disabled=True)
        if not (self.option_count and self.get_option_at_index(0).id == STATUS_ID):
            return
        option = self.get_option_at_index(0)
        height = self._line_cache.heights.get(0)
        padding = self.get_component_styles("option-list--option").padding
        width = self.scrollable_content_region.width - self._get_left_gutter_width() - padding.width
        if height is None or visualize(self, status, markup=False).get_height(self.styles, width) + option._divider != height:
            self.replace_option_prompt_at_index(0, status)  # a new height: every line moves
            return
        # The same height (the usual case): redraw this option only, not the notes and figures
        # (OptionList's own caches; Textual is pinned, and a test checks the other strips are kept).
        option._set_prompt(status)
        for key in [k for k in self._option_render_cache.keys() if k[0] is option]:  # noqa: SIM118 (an LRUCache)
            self._option_render_cache.discard(key)
        top = int(self.scroll_offset.y)
        if top < height:  # on screen: repaint its lines
            self.refresh(Region(0, 0, self.size.width, height - top))

    def selected_note(self) -> tuple[str, str] | None:
        """("note" | "annotation", id) of the highlighted option, if it is one."""
        option = self.highlighted_option
        return note_target(option.id) if option is not None else None

    def _set_all(self) -> None:
        if self._head and self._body:
            self.set_options([*self._head, None, *self._body])
        else:
            self.set_options([*self._head, *self._body])

    def show_message(self, text: str) -> None:
        self._targets = {}
        self._body = [Option(Content(text), disabled=True)]
        self._set_all()

    def show(self, analysed: AnalysedArticle | None) -> None:
        if analysed is None:
            self.show_message("Analysing…")
            return
        options: list[Option | None] = []
        self._targets = {}
        refs = entity_counts(analysed)
        for label in ENTITY_LABELS:
            group = [r for r in refs if r.label == label]
            if not group:
                continue
            if options:
                options.append(None)
            options.append(Option(_Prompt.styled(f"{HEADINGS[label]} ({len(group)})", "bold"), disabled=True))
            for ref in group:
                option_id = f"e{len(self._targets)}"
                self._targets[option_id] = ("entity", ref.label, ref.name)
                prompt = _Prompt.assemble((ref.name, label_style(ref.label)), (f"  ×{ref.mentions}", "$text-muted"))
                options.append(Option(prompt, id=option_id))
        figures = [s for s in analysed.spans if s.label in FIGURE_LABELS]  # the ledger's rows
        if figures:
            if options:
                options.append(None)
            options.append(Option(_Prompt.styled(f"Figures ({len(figures)}) — f for the ledger", "bold"), disabled=True))
            for span in figures[:MAX_FIGURES]:
                option_id = f"f{len(self._targets)}"
                self._targets[option_id] = ("figure", str(span.start))
                parts: list[tuple[str, str] | str] = [(span.text, label_style(span.label))]
                value = format_value(span.value)
                if value and value != span.text:
                    parts.append((f"  = {value}", "$text-muted"))
                options.append(Option(_Prompt.assemble(*parts), id=option_id))
        if not options:
            options.append(Option(Content("No names or figures found."), disabled=True))
        self._body = options
        self._set_all()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        noted = note_target(event.option.id)
        if noted is not None:
            self.post_message(NoteChosen(*noted))
            return
        target = self._targets.get(event.option.id or "")
        if target is None:
            return
        if target[0] == "entity":
            self.post_message(EntityChosen(target[1], target[2]))
        else:
            self.post_message(FigureChosen(int(target[1])))

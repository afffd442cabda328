import { ApiError, getJson } from './api.js';
import { formatPartial } from './dates.js';
import { h, langAttributes, replaceChildren } from './dom.js';
import { t } from './i18n.js';
import { typeLabel } from './labels.js';

/**
 * A source document as the ledger holds it (GET /api/sources/:id): its text with every citation's words marked,
 * and, when a form asks, a way to cite words by selecting them.
 */

interface SourceCitation {
  readonly stream: string;
  readonly eventId: string;
  readonly type: string;
  readonly quote: string;
  readonly start: number | null;
  readonly end: number | null;
}

interface SourceDocument {
  readonly source: { sourceId: string; title: string; titleEn?: string; publisher: string; publishedOn?: string; language: string; url?: string };
  readonly text: string | null;
  readonly citations: readonly SourceCitation[];
}

/** The text cut into plain runs and marked citations; a citation overlapping an earlier one is left unmarked. */
export function markedRuns(text: string, citations: readonly SourceCitation[]): { text: string; citation: SourceCitation | null }[] {
  const spans = citations.filter((c) => c.start !== null && c.end !== null && c.start < c.end && c.end <= text.length).sort((a, b) => a.start! - b.start!);
  const runs: { text: string; citation: SourceCitation | null }[] = [];
  let at = 0;
  for (const c of spans) {
    if (c.start! < at) continue;
    if (c.start! > at) runs.push({ text: text.slice(at, c.start!), citation: null });
    runs.push({ text: text.slice(c.start!, c.end!), citation: c });
    at = c.end!;
  }
  if (at < text.length) runs.push({ text: text.slice(at), citation: null });
  return runs;
}

export class SourceView {
  private readonly dialog = document.getElementById('source-dialog') as HTMLDialogElement;
  private readonly title = document.getElementById('source-title') as HTMLElement;
  private readonly meta = document.getElementById('source-meta') as HTMLElement;
  private readonly body = document.getElementById('source-text') as HTMLElement;
  private readonly pickBar = document.getElementById('source-pick') as HTMLElement;
  private readonly useButton = document.getElementById('source-use') as HTMLButtonElement;
  private readonly status = document.getElementById('source-status') as HTMLElement;
  private resolvePick: ((words: string | null) => void) | null = null;
  private opener: HTMLElement | null = null;

  constructor(private readonly knownAt: () => string | null) {
    (document.getElementById('source-close') as HTMLButtonElement).addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('close', () => {
      this.resolvePick?.(null);
      this.resolvePick = null;
      this.opener?.focus();
      this.opener = null;
    });
    this.useButton.addEventListener('click', () => this.useSelection());
    // Pressing the button must not clear the words just selected.
    this.useButton.addEventListener('mousedown', (event) => event.preventDefault());
    document.addEventListener('selectionchange', () => {
      const words = this.selectedWords();
      if (words && this.dialog.open) {
        this.lastSelected = words;
        replaceChildren(this.status);
      }
    });
  }

  private lastSelected: string | null = null;

  /** Shows the document; with `pick`, resolves to the words the user selects (null when closed without). */
  async open(sourceId: string, opener: HTMLElement | null, pick = false): Promise<string | null> {
    this.opener = opener;
    this.lastSelected = null;
    this.pickBar.hidden = !pick;
    replaceChildren(this.status);
    replaceChildren(this.meta);
    replaceChildren(this.body, h('p', { role: 'status' }, t('history.loading')));
    this.title.textContent = sourceId;
    this.dialog.dataset.state = 'loading';
    this.dialog.dataset.source = sourceId;
    if (!this.dialog.open) this.dialog.showModal();
    const chosen = pick ? new Promise<string | null>((resolve) => (this.resolvePick = resolve)) : Promise.resolve(null);
    try {
      const doc = await getJson<SourceDocument>(`sources/${encodeURIComponent(sourceId)}`, { knownAt: this.knownAt() });
      this.render(doc);
      this.dialog.dataset.state = 'ready';
      (pick ? this.body : (document.getElementById('source-close') as HTMLElement)).focus();
    } catch (error) {
      replaceChildren(this.body, h('p', { className: 'error', role: 'alert' }, error instanceof ApiError ? error.message : (error as Error).message));
      this.dialog.dataset.state = 'error';
    }
    return chosen;
  }

  private render(doc: SourceDocument): void {
    const { source } = doc;
    this.title.replaceChildren(h('span', langAttributes(source.language, source.title), source.title));
    replaceChildren(
      this.meta,
      source.titleEn && source.titleEn !== source.title ? h('p', {}, source.titleEn) : null,
      h('p', { className: 'help' }, h('bdi', {}, source.publisher), source.publishedOn ? ` · ${formatPartial(source.publishedOn)}` : '', ` · ${t('cite.citedTimes', { count: doc.citations.length })}`),
    );
    if (doc.text === null) {
      replaceChildren(this.body, h('p', { className: 'empty' }, t('cite.notHeld')));
      return;
    }
    replaceChildren(
      this.body,
      markedRuns(doc.text, doc.citations).map((run) =>
        run.citation
          ? h('mark', { className: 'cited', 'data-stream': run.citation.stream, 'data-event': run.citation.eventId, title: `${typeLabel(run.citation.type)} · ${run.citation.stream}` }, run.text)
          : run.text,
      ),
    );
    Object.entries(langAttributes(source.language, doc.text)).forEach(([name, value]) => this.body.setAttribute(name, String(value)));
  }

  /** The selected words, if the selection lies inside the document's text. */
  private selectedWords(): string | null {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!this.body.contains(range.startContainer) || !this.body.contains(range.endContainer)) return null;
    const words = selection.toString().trim();
    return words === '' ? null : words;
  }

  private useSelection(): void {
    const words = this.selectedWords() ?? this.lastSelected;
    if (!words) {
      replaceChildren(this.status, h('p', { role: 'alert', className: 'error' }, t('cite.noSelection')));
      return;
    }
    const resolve = this.resolvePick;
    this.resolvePick = null;
    resolve?.(words);
    this.dialog.close();
  }
}

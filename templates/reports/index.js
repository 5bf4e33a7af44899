// The reports index: the changes between any two API versions, walked through each neighbouring
// diff between them, each change with the change-log notes that describe it; and a search through
// every version. The data is the JSON in the page (#data); the choice is kept in the address
// (#from=1.41&to=1.51), so a link shows the same view.
'use strict';

const data = JSON.parse(document.getElementById('data').textContent);
const $ = (id) => document.getElementById(id);
const index = new Map(data.versions.map((v, i) => [v.version, i]));

/** An element with text (never HTML: the notes come from upstream's change log). */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function link(href, text) {
  const a = el('a', '', text);
  a.href = href;
  return a;
}

/** The steps from the lower version to the higher, whichever way round they were chosen. */
function stepsBetween(a, b) {
  const [low, high] = [index.get(a), index.get(b)].sort((x, y) => x - y);
  return data.steps.filter((s) => index.get(s.from) >= low && index.get(s.to) <= high);
}

function matches(step, change, words) {
  if (!words.length) return true;
  const text = [step.from, step.to, change.subject, change.location, change.kind, change.detail, ...change.notes.map((n) => step.notes[n])]
    .join(' ')
    .toLowerCase();
  return words.every((w) => text.includes(w));
}

function changeItem(step, change) {
  const item = el('li', `change${change.breaking ? ' breaking' : ''}`);
  const kind = change.kind.replace(/-/g, ' ');
  item.append(el('span', 'what', change.detail ? `${kind}: ${change.detail}` : kind));
  if (change.location) item.append(' ', el('span', 'where', change.location));
  if (change.breaking) item.append(el('span', 'badge breaking', 'breaking'));
  if (change.patch) item.append(el('span', 'badge patch', `our patch ${change.patch}`));
  for (const n of change.notes) item.append(el('blockquote', 'note', step.notes[n]));
  if (!change.notes.length) item.append(' ', el('span', 'no-note', change.patch ? '' : '(no change-log note)'));
  return item;
}

function stepSection(step, changes, withUntied) {
  const section = el('section', 'step');
  section.dataset.step = step.name;
  const heading = el('h2', '', `v${step.from} -> v${step.to}`);
  heading.append(link(`diffs/${step.name}.html`, 'diff'), link(`changelog/v${step.to}.md`, 'change log'));
  section.append(heading);
  let subject;
  let list;
  for (const change of changes) {
    if (change.subject !== subject) {
      subject = change.subject;
      const title = el('div', 'subject');
      title.append(link(`diffs/${step.name}.html#${change.anchor}`, subject));
      list = el('ul', 'changes');
      section.append(title, list);
    }
    list.append(changeItem(step, change));
  }
  if (withUntied && step.untied.length) {
    const untied = el('div', 'untied');
    untied.append(el('h3', '', 'Change-log notes with no change in the spec'));
    const items = el('ul');
    for (const u of step.untied) {
      const item = el('li');
      item.append(el('blockquote', 'note', step.notes[u.note]), el('span', 'reason', u.reason));
      items.append(item);
    }
    untied.append(items);
    section.append(untied);
  }
  return section;
}

/** Changes of a subject side by side, endpoints before definitions, as the diff pages order them. */
const isDefinition = (change) => change.subject.startsWith('definition');
const bySubject = (changes) =>
  [...changes].sort((a, b) => Number(isDefinition(a)) - Number(isDefinition(b)) || a.subject.localeCompare(b.subject));

function draw() {
  const from = $('from').value;
  const to = $('to').value;
  const onlyBreaking = $('breaking').checked;
  const words = $('search').value.toLowerCase().split(/\s+/).filter(Boolean);
  const searching = words.length > 0;
  // A search looks through every version; otherwise the steps between the two chosen.
  const steps = searching ? data.steps : stepsBetween(from, to);
  const out = $('changes');
  out.replaceChildren();
  let total = 0;
  let breaking = 0;
  if (!searching && from !== to && index.get(from) > index.get(to)) {
    out.append(el('p', 'notice', `v${to} is older than v${from}: below are the changes from v${to} up to v${from}; going down, read each backwards.`));
  }
  for (const step of steps) {
    const changes = bySubject(step.changes.filter((c) => (!onlyBreaking || c.breaking) && matches(step, c, words)));
    total += changes.length;
    breaking += changes.filter((c) => c.breaking).length;
    if (changes.length || (!searching && !onlyBreaking && step.untied.length)) out.append(stepSection(step, changes, !searching && !onlyBreaking));
  }
  const where = searching ? `in every version for "${words.join(' ')}"` : `between v${from} and v${to}`;
  $('summary').textContent = `${total} changes ${where}, ${breaking} breaking for a client written against the older version`;
  $('reference-from').href = `../v${from}/reference.html`;
  $('reference-from').textContent = `v${from}`;
  $('reference-to').href = `../v${to}/reference.html`;
  $('reference-to').textContent = `v${to}`;
  history.replaceState(null, '', `#from=${from}&to=${to}`);
}

/** Takes the two versions from the address (`#from=1.41&to=1.51`), else the two newest released. */
function chooseFromAddress() {
  const params = new URLSearchParams(location.hash.slice(1));
  const released = data.versions.filter((v) => v.released);
  const pick = (name, fallback) => (index.has(params.get(name)) ? params.get(name) : fallback);
  $('from').value = pick('from', released.at(-2).version);
  $('to').value = pick('to', released.at(-1).version);
}

chooseFromAddress();
for (const id of ['from', 'to', 'breaking', 'search']) $(id).addEventListener('input', draw);
$('controls').addEventListener('submit', (event) => event.preventDefault());
// A link to another pair, followed on this page, or the address edited by hand.
window.addEventListener('hashchange', () => {
  chooseFromAddress();
  draw();
});
draw();

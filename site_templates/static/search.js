// Search and filters for the index page: progressive enhancement over Pagefind.
// Without JavaScript (or from file://, where the browser will not load the index) the
// static, paginated list stays; this script only adds to it. Texts come translated from
// the page's data-* attributes; strangers' texts are set with textContent only.
// A classic (deferred) script, so that it also runs from file:// and can say why
// search is missing there; Pagefind itself is loaded with a dynamic import().
(() => {
"use strict";

const finder = document.getElementById("finder");
const staticList = document.getElementById("static-list");
const messages = JSON.parse(finder.dataset.messages);
const filterOrder = JSON.parse(finder.dataset.filterNames); // [[key, name], ...]
const filterNames = Object.fromEntries(filterOrder);
const technicalFork = finder.dataset.technicalFork;
const home = new URL(finder.dataset.home, document.baseURI);
const PAGE = 20;

const query = document.getElementById("q");
const sort = document.getElementById("sort");
const showForks = document.getElementById("show-forks");
const filterBox = document.getElementById("filters");
const clearButton = document.getElementById("clear");
const status = document.getElementById("search-status");
const resultsBox = document.getElementById("search-results");
const resultList = document.getElementById("result-list");
const moreButton = document.getElementById("more");

const selected = {}; // filter key -> Set of chosen values
let pagefind = null;
let current = []; // results of the latest search
let shown = 0;
let generation = 0;

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
}

function activeFilters() {
  const filters = {};
  for (const [key, values] of Object.entries(selected)) {
    if (values.size) filters[key] = { any: [...values] };
  }
  if (!showForks.checked && !(selected.kind && selected.kind.size)) {
    filters.kind = { none: [technicalFork] };
  }
  return filters;
}

function isIdle() {
  const anyChosen = Object.values(selected).some((values) => values.size);
  return !query.value.trim() && !anyChosen && !sort.value && !showForks.checked;
}

// One fieldset per filter, in the order of filterNames; values sorted by count, then name.
function renderFilters(counts) {
  const open = new Set([...filterBox.querySelectorAll("details[open]")].map((d) => d.dataset.key));
  filterBox.replaceChildren();
  for (const [key] of filterOrder) {
    const values = counts[key];
    if (!values || !Object.keys(values).length) continue;
    const details = document.createElement("details");
    details.dataset.key = key;
    details.className = "filter";
    if (open.has(key)) details.open = true;
    const summary = document.createElement("summary");
    const chosen = selected[key] ? selected[key].size : 0;
    summary.textContent = filterNames[key] + (chosen ? " (" + format(messages.selected, { count: chosen }) + ")" : "");
    details.append(summary);
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.className = "visually-hidden";
    legend.textContent = filterNames[key];
    fieldset.append(legend);
    const entries = Object.entries(values).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    entries.forEach(([value, count], index) => {
      const row = document.createElement("div");
      row.className = "checkbox";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = "f-" + key + "-" + index;
      box.value = value;
      box.checked = Boolean(selected[key] && selected[key].has(value));
      box.addEventListener("change", () => {
        selected[key] = selected[key] || new Set();
        if (box.checked) selected[key].add(value);
        else selected[key].delete(value);
        run(0);
      });
      const label = document.createElement("label");
      label.htmlFor = box.id;
      label.textContent = value + " ";
      const number = document.createElement("span");
      number.className = "count";
      number.textContent = "(" + count.toLocaleString(document.documentElement.lang) + ")";
      label.append(number);
      row.append(box, label);
      fieldset.append(row);
    });
    details.append(fieldset);
    filterBox.append(details);
  }
}

function resultItem(data) {
  const meta = data.meta;
  const item = document.createElement("li");
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.href = new URL(meta.path, home).href;
  link.textContent = meta.title;
  heading.append(link);
  item.append(heading);
  if (meta.description) {
    const text = document.createElement("p");
    text.textContent = meta.description;
    item.append(text);
  }
  const facts = document.createElement("p");
  facts.className = "result-facts";
  const badge = document.createElement("span");
  badge.className = "status tone-" + (meta.tone || "neutral");
  badge.textContent = meta.status;
  facts.append(badge);
  const rest = [meta.publisher];
  if (meta.licence) rest.push(meta.licence);
  if (meta.activity) rest.push(messages.activity + ": " + meta.activity);
  if (meta.stars) rest.push(messages.stars + ": " + meta.stars);
  facts.append(" " + rest.join(" · "));
  item.append(facts);
  return item;
}

async function showMore(mine) {
  const batch = current.slice(shown, shown + PAGE);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (mine !== generation) return;
  resultList.append(...data.map(resultItem));
  shown += batch.length;
  moreButton.hidden = shown >= current.length;
}

async function run(delay) {
  const mine = ++generation;
  clearButton.hidden = !Object.values(selected).some((values) => values.size);
  if (isIdle()) {
    resultsBox.hidden = true;
    staticList.hidden = false;
    status.textContent = "";
    renderFilters(await pagefind.filters());
    return;
  }
  const options = { filters: activeFilters() };
  if (sort.value) {
    const [key, direction] = sort.value.split(":");
    options.sort = { [key]: direction };
  } else if (!query.value.trim()) {
    options.sort = { name: "asc" };
  }
  const term = query.value.trim() || null;
  const search = delay ? await pagefind.debouncedSearch(term, options, delay) : await pagefind.search(term, options);
  if (search === null || mine !== generation) return;
  current = search.results;
  shown = 0;
  resultList.replaceChildren();
  staticList.hidden = true;
  resultsBox.hidden = false;
  renderFilters(search.filters);
  await showMore(mine);
  if (mine !== generation) return;
  const count = current.length;
  status.textContent = count === 0 ? messages.none : count === 1 ? messages.result : format(messages.results, { count: count.toLocaleString(document.documentElement.lang) });
}

async function start() {
  finder.hidden = false;
  if (window.matchMedia("(max-width: 40rem)").matches) {
    document.getElementById("filter-panel").open = false; // keep the results in view on a phone
  }
  status.textContent = messages.loading;
  try {
    pagefind = await import(new URL(finder.dataset.bundle, document.baseURI).href);
    await pagefind.options({ ranking: { termFrequency: 0.8 } });
    await pagefind.init();
    renderFilters(await pagefind.filters());
  } catch (error) {
    finder.hidden = true;
    const note = document.createElement("p");
    note.className = "notice";
    note.textContent = messages.unavailable;
    finder.after(note);
    return;
  }
  status.textContent = "";
  finder.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    run(0);
  });
  query.addEventListener("input", () => run(60));
  sort.addEventListener("change", () => run(0));
  showForks.addEventListener("change", () => run(0));
  moreButton.addEventListener("click", () => showMore(generation));
  clearButton.addEventListener("click", () => {
    for (const values of Object.values(selected)) values.clear();
    run(0);
    query.focus();
  });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    query.value = initial;
    run(0);
  }
  document.documentElement.dataset.searchReady = "true";
}

start();
})();

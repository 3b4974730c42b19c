// Search and filters for the index page: progressive enhancement over the static list.
// Without JavaScript (or from file://, where the browser will not fetch the index) the
// static, paginated list stays; this script only adds to it. Texts come translated from
// the page's data-* attributes; strangers' texts are set with textContent only. No
// eval, no inline handlers: it runs under the site's Content-Security-Policy.
//
// The index (catalogue/site/search.py writes it) is a set of static JSON files under
// search/{language}/: facets.json (every document's filter values and sort keys),
// terms/{hex}.json (the words starting with one character, with their documents) and
// docs/{n}.json (what a result shows). The search state (query, filters, sort, page,
// technical forks) lives in the URL, so a search can be shared and the back button works.
(() => {
"use strict";

const finder = document.getElementById("finder");
if (!finder) return;
const staticList = document.getElementById("static-list");
const messages = JSON.parse(finder.dataset.messages);
const filterOrder = JSON.parse(finder.dataset.filterNames); // [[key, name], ...]
const filterNames = Object.fromEntries(filterOrder);
const indexBase = new URL(finder.dataset.index, document.baseURI);
const home = new URL(finder.dataset.home, document.baseURI);
const locale = document.documentElement.lang;
// One formatter: Number.toLocaleString makes a new one on every call (about a
// millisecond each, and the filters show hundreds of counts).
const numbers = new Intl.NumberFormat(locale);
const PAGE = 20;

const query = document.getElementById("q");
const sort = document.getElementById("sort");
const showForks = document.getElementById("show-forks");
const filterBox = document.getElementById("filters");
const clearButton = document.getElementById("clear");
const status = document.getElementById("search-status");
const resultsBox = document.getElementById("search-results");
const resultList = document.getElementById("result-list");
const pager = document.getElementById("result-pages");

let index = null; // facets.json
const shards = new Map(); // shard name -> Promise of {word: [gap, weight, ...]}
const chunks = new Map(); // chunk number -> Promise of [[path, title, ...], ...]
const decoded = new Map(); // word -> [[document, weight], ...]
const state = { q: "", filters: {}, sort: "", page: 1, forks: false };
let generation = 0;
let typing = false; // the current history entry was made by typing

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
}

// The same words as catalogue.site.search.words: lower case, no diacritics, runs of
// letters and digits.
function words(text) {
  const folded = text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  return (folded.match(/[\p{L}\p{N}]+/gu) || []).filter((word) => word.length <= 32);
}

function fetchJson(url) {
  return fetch(url).then((response) => {
    if (!response.ok) throw new Error(url + ": " + response.status);
    return response.json();
  });
}

function shard(word) {
  const name = word.codePointAt(0).toString(16);
  if (!index.shards.includes(name)) return Promise.resolve({});
  if (!shards.has(name)) shards.set(name, fetchJson(new URL("terms/" + name + ".json", indexBase)));
  return shards.get(name);
}

function chunk(number) {
  if (!chunks.has(number)) chunks.set(number, fetchJson(new URL("docs/" + number + ".json", indexBase)));
  return chunks.get(number);
}

function postings(table, word) {
  if (!decoded.has(word)) {
    const flat = table[word];
    const list = [];
    let documentNumber = 0;
    for (let i = 0; i < flat.length; i += 2) {
      documentNumber += flat[i];
      list.push([documentNumber, flat[i + 1]]);
    }
    decoded.set(word, list);
  }
  return decoded.get(word);
}

// Scores of the documents that match every query word (as a prefix of an indexed word;
// a whole word counts double); null when there is no query.
async function textScores(terms) {
  if (!terms.length) return null;
  const tables = await Promise.all(terms.map(shard));
  let total = null;
  terms.forEach((term, position) => {
    const table = tables[position];
    const best = new Map();
    for (const word of Object.keys(table)) {
      if (!word.startsWith(term)) continue;
      const factor = word === term ? 2 : 1;
      for (const [documentNumber, weight] of postings(table, word)) {
        const score = weight * factor;
        if ((best.get(documentNumber) || 0) < score) best.set(documentNumber, score);
      }
    }
    if (total === null) {
      total = best;
    } else {
      const both = new Map();
      for (const [documentNumber, score] of best) {
        if (total.has(documentNumber)) both.set(documentNumber, total.get(documentNumber) + score);
      }
      total = both;
    }
  });
  return total;
}

function valuesOf(entry) {
  return entry === null ? [] : typeof entry === "number" ? [entry] : entry;
}

// For every facet: which documents pass its constraint. A facet with chosen values
// passes documents with any of them (OR); the technical forks are left out unless asked
// for (the hidden value of "kind") or a kind is chosen.
function constraints() {
  const result = [];
  for (const [key] of filterOrder) {
    const facet = index.facets[key];
    if (!facet) continue;
    const chosen = new Set();
    for (const label of state.filters[key] || []) {
      const number = facet.values.indexOf(label);
      if (number >= 0) chosen.add(number);
    }
    let test = null;
    if (chosen.size) {
      test = (entry) => valuesOf(entry).some((number) => chosen.has(number));
    } else if (index.hidden && key === index.hidden[0] && !state.forks) {
      const hidden = index.hidden[1];
      test = (entry) => !valuesOf(entry).includes(hidden);
    }
    result.push({ key, facet, chosen, test });
  }
  return result;
}

// One pass over the documents that match the text: the results (passing every facet)
// and, per facet, the documents that fail that facet alone, so each value's count is
// the number of results there would be if it were added (OR within a facet, AND
// across facets); a chosen value counts the results that have it.
function evaluate(scores) {
  const facets = constraints();
  const results = [];
  const inResults = facets.map((f) => new Array(f.facet.values.length).fill(0));
  const ifAdded = facets.map((f) => new Array(f.facet.values.length).fill(0));
  const consider = (documentNumber) => {
    let failed = -1;
    for (let f = 0; f < facets.length; f++) {
      const test = facets[f].test;
      if (test && !test(facets[f].facet.docs[documentNumber])) {
        if (failed >= 0) return;
        failed = f;
      }
    }
    if (failed < 0) {
      results.push(documentNumber);
      facets.forEach((f, position) => {
        for (const number of valuesOf(f.facet.docs[documentNumber])) inResults[position][number]++;
      });
    } else {
      for (const number of valuesOf(facets[failed].facet.docs[documentNumber])) ifAdded[failed][number]++;
    }
  };
  if (scores) for (const documentNumber of scores.keys()) consider(documentNumber);
  else for (let documentNumber = 0; documentNumber < index.count; documentNumber++) consider(documentNumber);
  const counts = {};
  facets.forEach((f, position) => {
    const table = {};
    f.facet.values.forEach((label, number) => {
      let count;
      if (f.chosen.has(number)) count = inResults[position][number];
      else if (f.chosen.size) count = results.length + ifAdded[position][number];
      else count = inResults[position][number] + ifAdded[position][number];
      table[label] = count;
    });
    counts[f.key] = table;
  });
  return { results, counts };
}

function order(results, scores) {
  const [key, direction] = state.sort ? state.sort.split(":") : ["", ""];
  if (key === "activity" || key === "stars") {
    const values = index.sort[key];
    const sign = direction === "asc" ? 1 : -1;
    return results.sort((a, b) => sign * (values[a] - values[b]) || a - b);
  }
  if (key === "name" || !scores) return results.sort((a, b) => a - b);
  return results.sort((a, b) => scores.get(b) - scores.get(a) || a - b);
}

function isIdle() {
  const anyChosen = Object.values(state.filters).some((values) => values.length);
  return !state.q.trim() && !anyChosen && !state.sort && !state.forks && state.page === 1;
}

// The URL of a state: ?q=...&status=...&sort=...&page=2&forks=1 (filter values are
// the labels of the page's language).
function urlOf(wanted) {
  const params = new URLSearchParams();
  if (wanted.q.trim()) params.set("q", wanted.q);
  for (const [key] of filterOrder) {
    for (const value of wanted.filters[key] || []) params.append(key, value);
  }
  if (wanted.sort) params.set("sort", wanted.sort);
  if (wanted.forks) params.set("forks", "1");
  if (wanted.page > 1) params.set("page", String(wanted.page));
  const search = params.toString();
  return location.pathname + (search ? "?" + search : "") + location.hash;
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  state.q = params.get("q") || "";
  state.filters = {};
  for (const [key] of filterOrder) {
    const values = params.getAll(key);
    if (values.length) state.filters[key] = values;
  }
  const sortValue = params.get("sort") || "";
  state.sort = [...sort.options].some((option) => option.value === sortValue) ? sortValue : "";
  state.forks = params.get("forks") === "1";
  const page = parseInt(params.get("page") || "1", 10);
  state.page = Number.isFinite(page) && page > 0 ? page : 1;
  query.value = state.q;
  sort.value = state.sort;
  showForks.checked = state.forks;
}

// Record the state in the history: typing replaces the entry it made itself, every
// other change adds one.
function remember(byTyping) {
  const url = urlOf(state);
  if (url === location.pathname + location.search + location.hash) return;
  if (byTyping && typing) history.replaceState({ search: true }, "", url);
  else history.pushState({ search: true }, "", url);
  typing = byTyping;
}

// The filter groups are made once, values ordered by how many repositories have them
// (then by name), and afterwards only their counts and ticks change: the list does not
// jump under the visitor's pointer, and typing stays fast.
const groups = new Map(); // key -> {summary, boxes: Map value -> {box, number}}

function buildFilters(counts) {
  for (const [key] of filterOrder) {
    const values = counts[key];
    if (!values || !Object.keys(values).length) continue;
    const details = document.createElement("details");
    details.dataset.key = key;
    details.className = "filter";
    const summary = document.createElement("summary");
    details.append(summary);
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.className = "visually-hidden";
    legend.textContent = filterNames[key];
    fieldset.append(legend);
    const facet = index.facets[key];
    const boxes = new Map();
    const entries = Object.entries(values).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], locale));
    for (const [value] of entries) {
      const row = document.createElement("div");
      row.className = "checkbox";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = "f-" + key + "-" + facet.values.indexOf(value);
      box.value = value;
      box.addEventListener("change", () => {
        const current = new Set(state.filters[key] || []);
        if (box.checked) current.add(value);
        else current.delete(value);
        state.filters[key] = [...current];
        state.page = 1;
        remember(false);
        run();
      });
      const label = document.createElement("label");
      label.htmlFor = box.id;
      label.textContent = value + " ";
      const number = document.createElement("span");
      number.className = "count";
      label.append(number);
      row.append(box, label);
      fieldset.append(row);
      boxes.set(value, { box, number });
    }
    details.append(fieldset);
    filterBox.append(details);
    groups.set(key, { summary, boxes });
  }
}

function renderFilters(counts) {
  if (!groups.size) buildFilters(counts);
  for (const [key, { summary, boxes }] of groups) {
    const chosen = state.filters[key] || [];
    summary.textContent = filterNames[key] + (chosen.length ? " (" + format(messages.selected, { count: chosen.length }) + ")" : "");
    const values = counts[key] || {};
    for (const [value, { box, number }] of boxes) {
      box.checked = chosen.includes(value);
      number.textContent = "(" + numbers.format(values[value] || 0) + ")";
    }
  }
}

function resultItem(fields) {
  const [path, title, description, publisher, statusLabel, tone, licence, activity, stars] = fields;
  const item = document.createElement("li");
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.href = new URL(path, home).href;
  link.textContent = title;
  heading.append(link);
  item.append(heading);
  if (description) {
    const text = document.createElement("p");
    text.textContent = description;
    item.append(text);
  }
  const facts = document.createElement("p");
  facts.className = "result-facts";
  const badge = document.createElement("span");
  badge.className = "status tone-" + (tone || "neutral");
  badge.textContent = statusLabel;
  facts.append(badge);
  const rest = [publisher];
  if (licence) rest.push(licence);
  if (activity) rest.push(messages.activity + ": " + activity);
  if (stars) rest.push(messages.stars + ": " + stars);
  facts.append(" " + rest.join(" · "));
  item.append(facts);
  return item;
}

function pageLink(number, text, rel) {
  const wanted = { ...state, page: number };
  const link = document.createElement("a");
  link.href = urlOf(wanted);
  link.textContent = text;
  if (rel) link.rel = rel;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    state.page = number;
    remember(false);
    run().then(() => resultsBox.focus());
  });
  return link;
}

function renderPager(count) {
  pager.replaceChildren();
  const pages = Math.max(1, Math.ceil(count / PAGE));
  pager.hidden = pages < 2;
  if (pages < 2) return;
  const list = document.createElement("ul");
  const add = (node) => {
    const item = document.createElement("li");
    item.append(node);
    list.append(item);
  };
  if (state.page > 1) add(pageLink(state.page - 1, messages.previous, "prev"));
  const here = document.createElement("span");
  here.textContent = format(messages.page, { number: state.page, count: pages });
  here.setAttribute("aria-current", "page");
  add(here);
  if (state.page < pages) add(pageLink(state.page + 1, messages.next, "next"));
  pager.append(list);
}

async function run() {
  const mine = ++generation;
  clearButton.hidden = !Object.values(state.filters).some((values) => values.length);
  const terms = words(state.q);
  const scores = await textScores(terms);
  if (mine !== generation) return;
  const { results, counts } = evaluate(scores);
  if (isIdle()) {
    renderFilters(counts);
    resultsBox.hidden = true;
    staticList.hidden = false;
    status.textContent = "";
    finder.dataset.shown = urlOf(state); // what the page shows now (for tests and tools)
    return;
  }
  const ordered = order(results, scores);
  const pages = Math.max(1, Math.ceil(ordered.length / PAGE));
  if (state.page > pages) state.page = pages;
  const shown = ordered.slice((state.page - 1) * PAGE, state.page * PAGE);
  const needed = [...new Set(shown.map((documentNumber) => Math.floor(documentNumber / index.chunk)))];
  const loaded = new Map(await Promise.all(needed.map(async (number) => [number, await chunk(number)])));
  if (mine !== generation) return;
  resultList.replaceChildren(...shown.map((documentNumber) =>
    resultItem(loaded.get(Math.floor(documentNumber / index.chunk))[documentNumber % index.chunk])));
  resultList.start = (state.page - 1) * PAGE + 1;
  staticList.hidden = true;
  resultsBox.hidden = false;
  renderPager(ordered.length);
  renderFilters(counts);
  const count = ordered.length;
  status.textContent = count === 0 ? messages.none : count === 1 ? messages.result
    : format(messages.results, { count: numbers.format(count) });
  finder.dataset.shown = urlOf(state);
}

async function start() {
  finder.hidden = false;
  if (window.matchMedia("(max-width: 40rem)").matches) {
    document.getElementById("filter-panel").open = false; // keep the results in view on a phone
  }
  status.textContent = messages.loading;
  try {
    index = await fetchJson(new URL("facets.json", indexBase));
    performance.mark("search-index-loaded");
  } catch (error) {
    finder.hidden = true;
    const note = document.createElement("p");
    note.className = "notice";
    note.textContent = messages.unavailable;
    finder.after(note);
    return;
  }
  status.textContent = "";
  readUrl();
  finder.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  query.addEventListener("input", () => {
    state.q = query.value;
    state.page = 1;
    remember(true);
    run();
  });
  sort.addEventListener("change", () => {
    state.sort = sort.value;
    state.page = 1;
    remember(false);
    run();
  });
  showForks.addEventListener("change", () => {
    state.forks = showForks.checked;
    state.page = 1;
    remember(false);
    run();
  });
  clearButton.addEventListener("click", () => {
    state.filters = {};
    state.page = 1;
    remember(false);
    run();
    query.focus();
  });
  window.addEventListener("popstate", () => {
    typing = false;
    readUrl();
    run();
  });
  await run();
  performance.mark("search-ready");
  document.documentElement.dataset.searchReady = "true";
}

start();
})();

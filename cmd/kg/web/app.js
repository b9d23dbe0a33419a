// kg serve's page: the graph drawn by sigma.js (WebGL) from a graphology
// graph, laid out by ForceAtlas2 in a worker, with panels for an entity,
// an edge's evidence and a document. Every string from the database goes
// into the page as text (textContent), never as HTML.
"use strict";

(function () {
  const TYPE_COLORS = {
    PERSON: "#4e79a7", ORG: "#f28e2b", GPE: "#59a14f", LOC: "#76b7b2", NORP: "#b07aa1",
  };
  const CLASS_COLORS = {
    ACCUSE: "#e15759", AGREE: "#59a14f", AID: "#8cd17d", ASSAULT: "#b6192e", COERCE: "#d37295",
    CONCEDE: "#86bcb6", CONSULT: "#4e79a7", COOPERATE: "#499894", MOBILIZE: "#9d7660",
    OTHER: "#bab0ac", PROTEST: "#ff9d9a", REJECT: "#f28e2b", REQUEST: "#a0cbe8", RETREAT: "#d4a6c8",
    ROLE: "#79706e", SANCTION: "#b07aa1", STATEMENT: "#f1ce63", SUPPORT: "#2ca02c", THREATEN: "#ff7f0e",
  };
  const typeColor = (t) => TYPE_COLORS[t] || "#9c9c9c";
  const classColor = (c) => CLASS_COLORS[c] || "#bab0ac";

  const $ = (id) => document.getElementById(id);

  // el builds an element; children are nodes or strings (set as text).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "onclick") e.addEventListener("click", v);
      else if (k === "style") e.style.cssText = v;
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  // A link only for web addresses: a URI like javascript: stays text.
  function uriLink(uri) {
    if (/^https?:\/\//i.test(uri)) {
      return el("a", { href: uri, target: "_blank", rel: "noopener noreferrer" }, uri);
    }
    return el("span", {}, uri);
  }

  function status(msg, isError) {
    const s = $("status");
    s.textContent = msg || "";
    s.className = isError ? "error" : "";
  }

  async function api(path, params) {
    const q = new URLSearchParams(params || {});
    const url = "api/" + path + (q.toString() ? "?" + q : "");
    const r = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await r.json().catch(() => ({ error: r.statusText }));
    if (!r.ok) throw new Error(body.error || r.statusText);
    return body;
  }

  // ---- filters -------------------------------------------------------

  const state = {
    meta: null,
    graph: null,
    renderer: null,
    layout: null,
    hovered: null,
    selectedNode: null,
    selectedEdge: null,
    focus: null, // Set of node keys drawn bright, from focusSet
    highlight: null, // Set of node keys to keep bright (a path)
    highlightEdges: null,
    pathFrom: null,
    pathTo: null,
  };

  function checks(container, items, colorOf) {
    container.textContent = "";
    for (const it of items) {
      container.append(el("label", {},
        el("input", { type: "checkbox", value: it.name, checked: true }),
        " ", el("span", { class: "swatch", style: "background:" + colorOf(it.name) }),
        it.name, " ", el("span", { class: "count" }, "(" + it.count + ")")));
    }
  }

  function checkedList(container) {
    const all = [...container.querySelectorAll("input[type=checkbox]")];
    const on = all.filter((c) => c.checked).map((c) => c.value);
    // Everything checked is no filter: new types and classes stay in.
    return on.length === all.length ? "" : on.join(",");
  }

  // filterParams are the CLI's filter flags as URL parameters.
  function filterParams() {
    const p = {};
    const types = checkedList($("f-types"));
    const classes = checkedList($("f-classes"));
    if (types) p.type = types;
    if (classes) p.class = classes;
    if ($("f-since").value) p.since = $("f-since").value;
    if ($("f-until").value) p.until = $("f-until").value;
    if (+$("f-minweight").value > 0) p.min_weight = $("f-minweight").value;
    if ($("f-negated").checked) p.include_negated = "true";
    if ($("f-hedged").checked) p.include_hedged = "true";
    return p;
  }

  function legend() {
    const L = $("legend");
    L.textContent = "";
    L.append(el("div", { class: "meta" }, "Nodes by type:"));
    for (const t of state.meta.types) {
      L.append(el("div", {}, el("span", { class: "swatch", style: "background:" + typeColor(t.name) }), t.name));
    }
    L.append(el("div", { class: "meta" }, "Edges by class:"));
    for (const c of state.meta.classes) {
      L.append(el("div", {}, el("span", { class: "swatch line", style: "background:" + classColor(c.name) }), c.name));
    }
    L.append(el("div", { class: "meta" }, "Faint edges: negated or hedged (shown when included)."));
  }

  // ---- the graph ------------------------------------------------------

  // A deterministic start position from the node id, so the same data
  // lays out the same way.
  function seeded(id) {
    let x = (id * 2654435761) >>> 0;
    const a = (x % 10007) / 10007;
    x = (x ^ (x >>> 13)) * 1274126177 >>> 0;
    const b = (x % 10009) / 10009;
    return { x: Math.cos(2 * Math.PI * a) * (0.2 + b), y: Math.sin(2 * Math.PI * a) * (0.2 + b) };
  }

  function nodeSize(n) {
    const v = $("f-size").value === "mentions" ? n.mentions : n.degree;
    return Math.min(24, 3 + 2.2 * Math.sqrt(v || 0));
  }

  function addNode(g, n) {
    const key = String(n.id);
    const attrs = {
      label: n.name, etype: n.type, aliases: n.aliases, mentions: n.mentions,
      degree: n.degree || 0, color: typeColor(n.type),
    };
    if (g.hasNode(key)) {
      g.mergeNodeAttributes(key, attrs);
    } else {
      const p = seeded(n.id);
      g.addNode(key, Object.assign(attrs, p));
    }
    g.setNodeAttribute(key, "size", nodeSize(g.getNodeAttributes(key)));
  }

  function addEdge(g, e) {
    const key = "e" + e.id;
    if (g.hasEdge(key) || !g.hasNode(String(e.subject_id)) || !g.hasNode(String(e.object_id))) return;
    g.addDirectedEdgeWithKey(key, String(e.subject_id), String(e.object_id), {
      label: e.predicate, cls: e.class, weight: e.weight, negated: e.negated, hedged: e.hedged,
      // Negated and hedged edges (drawn only when the filters include
      // them) are faint, as DOT draws them dashed and dotted.
      color: classColor(e.class) + (e.negated || e.hedged ? "66" : ""),
      size: Math.min(6, 1.5 + Math.log2(e.weight || 1)), type: "arrow",
    });
  }

  function resize(g) {
    if (!g) return;
    g.forEachNode((k, a) => g.setNodeAttribute(k, "size", nodeSize(a)));
  }

  function setGraph(data, what) {
    stopLayout();
    const g = new graphology.MultiDirectedGraph({ allowSelfLoops: true });
    for (const n of data.nodes) addNode(g, n);
    // Degree within what is drawn, for sizes of partial views.
    for (const e of data.edges) addEdge(g, e);
    g.forEachNode((k) => {
      if (!g.getNodeAttribute(k, "degree")) g.setNodeAttribute(k, "degree", g.neighbors(k).length);
    });
    resize(g);
    state.graph = g;
    state.focus = state.hovered = null;
    state.highlight = state.highlightEdges = null;
    state.selectedNode = state.selectedEdge = null;
    if (!state.renderer) {
      try {
        state.renderer = new Sigma(g, $("graph"), {
          enableEdgeEvents: true,
          allowInvalidContainer: true, // a window resized to nothing is not an error
          renderEdgeLabels: true,
          defaultEdgeType: "arrow",
          labelDensity: 0.8,
          labelRenderedSizeThreshold: 7,
          zIndex: true,
          nodeReducer,
          edgeReducer,
        });
      } catch (err) {
        $("graph").append(el("p", { class: "nowebgl" }, "This page needs WebGL to draw the graph: " + err.message));
        throw err;
      }
      bindEvents();
    } else {
      state.renderer.setGraph(g);
    }
    // Over a few thousand edges, the camera moves without edges and labels
    // and edges lose their arrow heads: the frame rate stays up on weak
    // graphics. Clicking and hovering still show an edge's direction in
    // the panel.
    const big = g.size > 3000;
    state.renderer.setSetting("hideEdgesOnMove", big);
    state.renderer.setSetting("hideLabelsOnMove", big);
    if (big) g.forEachEdge((k) => g.setEdgeAttribute(k, "type", "line"));
    state.renderer.setSetting("renderEdgeLabels", $("f-labels").checked && g.size <= 300);
    // A small graph shows every name; a large one the biggest nodes' only.
    state.renderer.setSetting("labelRenderedSizeThreshold", g.order <= 100 ? 0 : 7);
    state.renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    startLayout();
    status(what + ": " + g.order + " entities, " + g.size + " edges" + (data.truncated ? " (the most connected; raise the limit or filter)" : ""));
  }

  function startLayout() {
    const g = state.graph;
    if (g.order < 2) return;
    const lib = graphologyLibrary;
    const settings = lib.layoutForceAtlas2.inferSettings(g);
    settings.barnesHutOptimize = g.order > 500;
    settings.adjustSizes = false;
    // Strong gravity keeps small components and lone entities near the
    // rest instead of drifting off the screen.
    settings.strongGravityMode = true;
    settings.gravity = 0.05;
    state.layout = new lib.FA2Layout(g, { settings });
    state.layout.start();
    // Long enough to settle; a graph of thousands keeps moving a little
    // longer. The view stays interactive while it runs (a worker).
    const ms = Math.min(12000, 1500 + g.order * 2);
    state.layoutTimer = setTimeout(stopLayout, ms);
  }

  function stopLayout() {
    clearTimeout(state.layoutTimer);
    if (state.layout) {
      state.layout.kill();
      state.layout = null;
    }
  }

  // Reducers dim what is not near the hovered or selected node, or off
  // the highlighted path. The set is computed once per redraw, not once
  // per node: a hub of thousands of neighbours would make every frame
  // quadratic.
  function focusSet() {
    if (state.highlight) return state.highlight;
    const k = state.hovered || state.selectedNode;
    if (!k || !state.graph || !state.graph.hasNode(k)) return null;
    const s = new Set(state.graph.neighbors(k));
    s.add(k);
    return s;
  }

  // redraw applies the reducers again; reindex after nodes or edges were
  // added.
  function redraw(reindex) {
    if (!state.renderer) return;
    state.focus = focusSet();
    state.renderer.refresh(reindex ? undefined : { skipIndexation: true });
  }

  function nodeReducer(key, data) {
    const res = Object.assign({}, data);
    const f = state.focus;
    if (f && !f.has(key)) {
      res.color = "#e2e2e2";
      res.label = "";
      res.zIndex = 0;
    } else if (f) {
      res.zIndex = 1;
      res.forceLabel = true;
    }
    if (key === state.selectedNode) res.highlighted = true;
    return res;
  }

  function edgeReducer(key, data) {
    const res = Object.assign({}, data);
    const g = state.graph;
    if (state.highlightEdges) {
      if (!state.highlightEdges.has(key)) res.hidden = true;
      else res.size = Math.max(3, data.size);
      return res;
    }
    const k = state.hovered || state.selectedNode;
    if (k && g.hasNode(k)) {
      // The edges of the node in view stand out, and are easier to click.
      if (g.source(key) !== k && g.target(key) !== k) res.hidden = true;
      else res.size = Math.max(3, data.size);
    }
    if (key === state.selectedEdge) { res.color = "#c2185b"; res.size = Math.max(4, data.size * 2); }
    return res;
  }

  function bindEvents() {
    const r = state.renderer;
    r.on("enterNode", ({ node }) => { state.hovered = node; redraw(); });
    r.on("leaveNode", () => { state.hovered = null; redraw(); });
    r.on("clickNode", ({ node }) => showEntity(+node));
    r.on("clickEdge", ({ edge }) => showEdge(+edge.slice(1)));
    r.on("clickStage", () => {
      state.selectedNode = state.selectedEdge = null;
      state.highlight = state.highlightEdges = null;
      redraw();
    });
    r.on("enterEdge", () => { $("graph").style.cursor = "pointer"; });
    r.on("leaveEdge", () => { $("graph").style.cursor = ""; });
  }

  function centreOn(key) {
    const r = state.renderer;
    const d = r.getNodeDisplayData(key);
    if (d) r.getCamera().animate({ x: d.x, y: d.y, ratio: 0.5 }, { duration: 400 });
  }

  async function loadGraph() {
    status("Loading…");
    try {
      const data = await api("graph", Object.assign(filterParams(), { limit: $("f-limit").value }));
      setGraph(data, "Graph");
    } catch (err) {
      status(err.message, true);
    }
  }

  async function focus(id) {
    status("Loading the neighbourhood…");
    try {
      const data = await api("entities/" + id + "/neighbors", Object.assign(filterParams(), { depth: $("f-depth").value }));
      setGraph(data, data.entity.name + " within " + data.depth + " hop" + (data.depth > 1 ? "s" : ""));
      state.selectedNode = String(id);
      redraw();
    } catch (err) {
      status(err.message, true);
    }
  }

  // ---- panels ----------------------------------------------------------

  function panel(...children) {
    const p = $("panel");
    p.textContent = "";
    p.append(el("div", {}, ...children));
    p.scrollTop = 0;
  }

  function flags(x) {
    const out = [];
    if (x.negated) out.push(el("span", { class: "flag negated" }, "negated"));
    if (x.hedged) out.push(el("span", { class: "flag hedged" }, "hedged"));
    if (x.former) out.push(el("span", { class: "flag former" }, "former"));
    const at = Array.isArray(x.attributed_to) ? x.attributed_to : x.attributed_to ? [x.attributed_to] : [];
    for (const a of at) out.push(el("span", { class: "flag attributed" }, "said by " + a));
    return out;
  }

  function entityButton(id, name) {
    return el("button", { class: "linkish", type: "button", onclick: () => showEntity(id) }, name);
  }

  // showEntity fills the panel with an entity; centre moves the camera to
  // it (after a search, not after a click on it).
  async function showEntity(id, centre) {
    state.selectedNode = String(id);
    state.selectedEdge = null;
    redraw();
    let d;
    try {
      d = await api("entities/" + id, filterParams());
    } catch (err) {
      status(err.message, true);
      return;
    }
    const e = d.entity;
    const groups = new Map();
    for (const x of d.edges) {
      const k = (x.subject_id === e.id ? "→ " : "← ") + x.predicate;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(x);
    }
    const edgeList = [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([k, xs]) =>
      el("div", { class: "group" }, el("h3", {}, k),
        el("ul", { class: "plain" }, xs.map((x) => {
          const other = x.subject_id === e.id ? x.object : x.subject;
          return el("li", {},
            el("span", { class: "swatch line", style: "background:" + classColor(x.class) }),
            el("button", { class: "linkish edge-link", type: "button", "data-edge": x.id, onclick: () => showEdge(x.id) }, other),
            " ", el("span", { class: "count" }, "×" + x.weight), " ", flags(x));
        }))));
    panel(
      el("h2", { class: "entity-name" }, el("span", { class: "swatch", style: "background:" + typeColor(e.type) }), e.name),
      el("div", { class: "meta" }, e.type + " · " + e.mentions + " mention" + (e.mentions === 1 ? "" : "s") + " · id " + e.id),
      e.aliases.length ? el("div", { class: "meta" }, "Also: " + e.aliases.join("; ")) : null,
      el("div", { class: "actions" },
        el("button", { type: "button", onclick: () => focus(e.id) }, "Focus (depth " + $("f-depth").value + ")"),
        el("button", { type: "button", onclick: () => setPathEnd("from", e) }, "Path from here"),
        el("button", { type: "button", onclick: () => setPathEnd("to", e) }, "Path to here")),
      el("h2", {}, "Edges (" + d.edges.length + ")"),
      d.edges.length ? edgeList : el("p", { class: "hint" }, "No edges in the selected graph."),
      el("h2", {}, "Documents (" + d.documents.length + ")"),
      el("ul", { class: "plain" }, d.documents.map((doc) => el("li", {},
        el("button", { class: "linkish", type: "button", onclick: () => showDocument(doc.id, e.id) }, doc.title || doc.uri),
        " ", el("span", { class: "count" }, (doc.published ? doc.published + " · " : "") + "×" + doc.mentions)))));
    if (centre && state.graph && state.graph.hasNode(String(id))) centreOn(String(id));
  }

  function sentence(parts) {
    return el("div", { class: "sentence" }, parts.map((p) => {
      const cls = [p.clause ? "clause" : "", p.mark ? "m-" + p.mark : ""].filter(Boolean).join(" ");
      return cls ? el("span", { class: cls }, p.text) : p.text;
    }));
  }

  async function showEdge(id) {
    state.selectedEdge = "e" + id;
    redraw();
    let d;
    try {
      d = await api("edges/" + id, filterParams());
    } catch (err) {
      status(err.message, true);
      return;
    }
    panel(
      el("h2", { class: "edge-title" }, entityButton(d.subject_id, d.subject), " — ", el("span", { class: "m-predicate" }, d.predicate), " → ", entityButton(d.object_id, d.object)),
      el("div", { class: "meta" },
        el("span", { class: "swatch line", style: "background:" + classColor(d.class) }), d.class,
        " · weight " + d.weight + " · confidence " + d.confidence.toFixed(2) +
        (d.first_date ? " · " + d.first_date + (d.last_date !== d.first_date ? " – " + d.last_date : "") : "")),
      el("div", {}, flags(d)),
      el("h2", {}, "Evidence (" + d.evidence.length + (d.truncated ? ", more not shown" : "") + ")"),
      d.evidence.map((v) => el("div", { class: "evidence" },
        sentence(v.parts),
        el("div", {}, flags(v)),
        el("div", { class: "meta" },
          el("button", { class: "linkish", type: "button", onclick: () => showDocument(v.document_id, null, v) }, v.title || "Open the document"),
          v.published ? " · " + v.published : "", " · ", uriLink(v.document)))));
  }

  async function showDocument(id, entityId, evidence) {
    let d;
    try {
      d = await api("documents/" + id);
    } catch (err) {
      status(err.message, true);
      return;
    }
    const body = $("doc-body");
    body.textContent = "";
    const types = new Map(d.mentions.map((m) => [m.entity_id, m.type]));
    let first = null;
    const text = el("div", { class: "doc-text" }, d.parts.map((p) => {
      if (!p.mark) return p.text;
      const span = el("span", {
        class: "mention" + (p.entity_id === entityId ? " focus" : ""),
        style: "background:" + typeColor(types.get(p.entity_id)) + "33",
        title: p.text, onclick: () => { closeDocument(); showEntity(p.entity_id); },
      }, p.text);
      if (p.entity_id === entityId && !first) first = span;
      return span;
    }));
    body.append(
      el("h2", {}, d.title || d.uri),
      el("div", { class: "meta" }, (d.published ? d.published + " · " : ""), uriLink(d.uri), " · " + d.mentions.length + " mentions"),
      evidence ? el("div", { class: "meta" }, "Evidence: “" + evidence.sentence + "”") : null,
      text);
    $("doc").hidden = false;
    if (first) first.scrollIntoView({ block: "center" });
  }

  function closeDocument() { $("doc").hidden = true; }

  // ---- search and path ---------------------------------------------

  // suggest fills a dropdown under input with entities matching its text:
  // those drawn now first (name or alias starts with it), then the store's.
  function suggest(input, list, choose) {
    let timer = null;
    let seq = 0;
    const hide = () => { list.hidden = true; };
    input.addEventListener("keydown", (ev) => {
      const items = [...list.querySelectorAll("li")];
      const i = items.findIndex((x) => x.classList.contains("active"));
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        if (!items.length) return;
        const j = ev.key === "ArrowDown" ? (i + 1) % items.length : (i - 1 + items.length) % items.length;
        items.forEach((x) => x.classList.remove("active"));
        items[j].classList.add("active");
      } else if (ev.key === "Enter") {
        const it = items[i >= 0 ? i : 0];
        if (it && !list.hidden) it.click();
      } else if (ev.key === "Escape") hide();
    });
    // A press on a suggestion must not take the focus from the input:
    // the blur would hide the list before the click lands on a slow machine.
    list.addEventListener("mousedown", (ev) => ev.preventDefault());
    input.addEventListener("blur", () => setTimeout(hide, 200));
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (!q) { hide(); return; }
      timer = setTimeout(async () => {
        const my = ++seq;
        const seen = new Set();
        const found = [];
        const low = q.toLowerCase();
        if (state.graph) {
          state.graph.forEachNode((k, a) => {
            if (found.length >= 8) return;
            const names = [a.label].concat(a.aliases || []);
            if (names.some((s) => s && s.toLowerCase().startsWith(low))) {
              found.push({ id: +k, name: a.label, type: a.etype });
              seen.add(+k);
            }
          });
        }
        try {
          const words = q.split(/\s+/).map((w) => w.replace(/["*]/g, "")).filter(Boolean);
          if (words.length) {
            const more = await api("entities", { name: words.join(" ") + "*", limit: 10 });
            for (const m of more) if (!seen.has(m.id)) found.push(m);
          }
        } catch (err) { /* the drawn ones are enough */ }
        if (my !== seq) return;
        list.textContent = "";
        for (const m of found.slice(0, 12)) {
          list.append(el("li", { "data-id": m.id, onclick: () => { hide(); input.value = m.name; choose(m); } },
            el("span", { class: "swatch", style: "background:" + typeColor(m.type) }), m.name,
            el("span", { class: "type" }, m.type)));
        }
        if (!found.length) list.append(el("li", { class: "count" }, "no entity matches"));
        list.hidden = false;
      }, 150);
    });
  }

  function chooseEntity(m) {
    const key = String(m.id);
    if (state.graph && state.graph.hasNode(key)) {
      showEntity(m.id, true);
    } else {
      focus(m.id).then(() => showEntity(m.id, true));
    }
  }

  function setPathEnd(which, e) {
    state[which === "from" ? "pathFrom" : "pathTo"] = e;
    $(which === "from" ? "path-from" : "path-to").value = e.name;
    if (state.pathFrom && state.pathTo) findPath();
  }

  async function findPath() {
    const from = state.pathFrom ? state.pathFrom.id : $("path-from").value.trim();
    const to = state.pathTo ? state.pathTo.id : $("path-to").value.trim();
    if (!from || !to) { status("Choose both ends of the path", true); return; }
    let hops;
    try {
      hops = await api("path", Object.assign(filterParams(), { from, to }));
    } catch (err) {
      status(err.message, true);
      return;
    }
    const g = state.graph;
    const nodes = new Set();
    const edges = new Set();
    for (const h of hops) {
      for (const n of [h.from, h.to]) {
        if (!g.hasNode(String(n.id))) addNode(g, Object.assign({ degree: 1 }, n));
        nodes.add(String(n.id));
      }
      for (const e of h.edges) {
        addEdge(g, e);
        edges.add("e" + e.id);
      }
    }
    state.highlight = nodes;
    state.highlightEdges = edges;
    redraw(true);
    const names = hops.length ? [hops[0].from.name].concat(hops.map((h) => h.to.name)) : [];
    status("Path: " + (names.join(" → ") || "the same entity") + " (click the background to clear)");
    panel(el("h2", {}, "Shortest path (" + hops.length + " hop" + (hops.length === 1 ? "" : "s") + ")"),
      hops.map((h) => el("div", { class: "group" },
        el("h3", {}, h.from.name + " — " + h.to.name),
        el("ul", { class: "plain" }, h.edges.map((e) => el("li", {},
          el("button", { class: "linkish edge-link", type: "button", "data-edge": e.id, onclick: () => showEdge(e.id) },
            e.subject + " " + e.predicate + " " + e.object), " ", flags(e)))))));
  }

  // ---- start -----------------------------------------------------------

  async function start() {
    try {
      state.meta = await api("meta");
    } catch (err) {
      status(err.message, true);
      return;
    }
    checks($("f-types"), state.meta.types, typeColor);
    checks($("f-classes"), state.meta.classes, classColor);
    legend();
    if (state.meta.dates.first) {
      $("f-since").min = $("f-until").min = state.meta.dates.first;
      $("f-since").max = $("f-until").max = state.meta.dates.last;
    }
    $("f-apply").addEventListener("click", loadGraph);
    $("f-all").addEventListener("click", loadGraph);
    $("f-size").addEventListener("change", () => { resize(state.graph); });
    $("path-go").addEventListener("click", findPath);
    $("path-from").addEventListener("input", () => { state.pathFrom = null; });
    $("path-to").addEventListener("input", () => { state.pathTo = null; });
    $("doc-close").addEventListener("click", closeDocument);
    $("doc").addEventListener("click", (ev) => { if (ev.target === $("doc")) closeDocument(); });
    document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") closeDocument(); });
    suggest($("search"), $("search-results"), chooseEntity);
    suggest($("path-from"), $("search-results-from") || makeList($("path-from")), (m) => setPathEnd("from", m));
    suggest($("path-to"), $("search-results-to") || makeList($("path-to")), (m) => setPathEnd("to", m));
    await loadGraph();
  }

  function makeList(input) {
    const wrap = el("span", { class: "search" });
    input.replaceWith(wrap);
    const list = el("ul", { class: "dropdown", hidden: true });
    wrap.append(input, list);
    return list;
  }

  // For tests and the console: the renderer and the panels.
  // idle says the picture stands still: no layout running, no camera move.
  const idle = () => !state.layout && !!state.renderer && !state.renderer.getCamera().isAnimated();
  window.kg = { state, idle, redraw, showEntity, showEdge, showDocument, focus, findPath };
  start();
})();

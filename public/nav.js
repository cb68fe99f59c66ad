// Moving between pages without reloading the document (issue 17). Pages are rendered whole by the
// server, only `#[island]` components run in the browser, and every form works as a plain post
// with a redirect. This script carries what a full page load would do, without the reload: it
// fetches the next page (a same-site link, a GET form, a POST form), puts its body and its head
// tags in place of the current ones, keeps the history, the scroll position and the reader's
// focus, and asks leptos to hydrate the islands that arrived. A GET form marked `data-live`
// follows the reader as they type or choose (search as you type, filters). Whenever something is
// off (a network error, an answer that is not a page), the browser does a full load instead.
(() => {
  "use strict";

  // Addresses that are not pages: files, feeds, downloads and the server functions' JSON.
  const NOT_A_PAGE = /^\/(pkg|api)\/|^\/account\/export$|\.(xml|txt|json|csv|ics|png|svg|webmanifest|wasm|js|css)$/;
  // How many redirects one visit follows before it gives up and lets the browser load the page.
  const MAX_REDIRECTS = 10;
  // The head tags a page sets for itself (ui::PageHead and leptos_meta).
  const PAGE_HEAD = "title, meta[name=description], meta[property^='og:'], meta[name^='twitter:'], link[rel=canonical], link[rel=alternate]";
  // How long typing in a live form must pause before the page follows.
  const DEBOUNCE_MS = 180;
  let latest = 0;
  // Whether a page is on its way (a refresh then waits for the next turn).
  let loading = false;
  // The address of the page on screen (a step through the history that only changes the
  // fragment stays on it).
  let shown = new URL(location.href);
  // Where the reader is, kept in the history entry as they scroll (Back and Forward return there).
  let saving = null;
  window.addEventListener("scroll", () => {
    clearTimeout(saving);
    saving = setTimeout(() => history.replaceState({ ...history.state, scroll: window.scrollY }, ""), 100);
  }, { passive: true });
  if (history.state?.scroll) window.scrollTo(0, history.state.scroll);
  // Scrolling back and forth is restored from the history entries kept here.
  history.scrollRestoration = "manual";

  // `x-cp-nav` asks the server to answer a redirect with its target (server::http::redirect_for_nav).
  const pageRequest = (url) => new Request(url, { headers: { Accept: "text/html", "x-cp-nav": "1" } });
  const ownPage = (url) => url.origin === location.origin && !NOT_A_PAGE.test(url.pathname);

  /** What has the focus, to give it back after the swap when the new page has it too. */
  function focused() {
    const el = document.activeElement;
    if (!el || !el.id || !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) return null;
    const typed = el instanceof HTMLSelectElement ? null : { value: el.value, start: el.selectionStart, end: el.selectionEnd };
    return { id: el.id, typed };
  }

  function refocus(was) {
    const el = was && document.getElementById(was.id);
    if (!el) return false;
    if (was.typed) {
      // What the reader typed while the page was on its way wins over what the server saw.
      el.value = was.typed.value;
      try {
        el.setSelectionRange(was.typed.start, was.typed.end);
      } catch {
        // Not every input type has a selection.
      }
    }
    el.focus({ preventScroll: true });
    return true;
  }

  /** Which `<details>` are open, by id or test id: an in-place reload keeps them open. */
  function openDetails() {
    const keys = new Set();
    for (const el of document.querySelectorAll("details[open]")) keys.add(detailsKey(el));
    return keys;
  }
  function detailsKey(el) {
    if (el.id) return `#${el.id}`;
    const name = el.dataset.testid ?? "";
    return `${name}:${[...document.querySelectorAll(`details[data-testid="${CSS.escape(name)}"]`)].indexOf(el)}`;
  }

  function swap(html) {
    const next = new DOMParser().parseFromString(html, "text/html");
    if (!next.body || !next.querySelector("main")) return false;
    for (const old of document.head.querySelectorAll(PAGE_HEAD)) old.remove();
    for (const tag of next.head.querySelectorAll(PAGE_HEAD)) document.head.append(document.importNode(tag, true));
    document.documentElement.lang = next.documentElement.lang;
    for (const { name } of [...document.body.attributes]) document.body.removeAttribute(name);
    for (const { name, value } of [...next.body.attributes]) document.body.setAttribute(name, value);
    document.body.replaceChildren(...[...next.body.childNodes].map((node) => document.importNode(node, true)));
    // Until the WASM has loaded (`<html data-hydrated>`, lib.rs), the island script's own first
    // pass will find the islands of whatever page is shown by then.
    if (document.documentElement.dataset.hydrated === "true" && typeof window.__hydrateIsland === "function") {
      for (const island of document.body.querySelectorAll("leptos-island")) {
        try {
          window.__hydrateIsland(island, island.dataset.component);
        } catch (error) {
          console.error(error);
        }
      }
    }
    return true;
  }

  function focusPage(url, scroll, was) {
    if (refocus(was) || scroll !== undefined) {
      // An in-place reload or a step through the history: back where the reader was.
      window.scrollTo(0, scroll ?? 0);
      return;
    }
    if (url.hash) {
      const target = document.getElementById(decodeURIComponent(url.hash.slice(1)));
      if (target) {
        target.scrollIntoView();
        return;
      }
    }
    window.scrollTo(0, 0);
    document.getElementById("main")?.focus({ preventScroll: true });
  }

  /**
   * Shows the page `request` answers with. `fallback(answered)` takes over when that fails:
   * `answered` is false when nothing came back (the network), true when something did that is not
   * a page (the server has handled the request then: a post must not be sent again).
   * `push: false` replaces the history entry instead of adding one; `scroll` is where to scroll to
   * (the top, or the address's fragment, when not given); `keepFocus` gives the focus back to the
   * field that had it; `unlessBusy` drops the answer when the reader has started on a form.
   */
  async function visit(request, fallback, options = {}) {
    const id = ++latest;
    // The page being left keeps where the reader was (a step through the history has already
    // left it: its entry was kept up to date while scrolling).
    clearTimeout(saving);
    if (!options.fromHistory) history.replaceState({ ...history.state, scroll: window.scrollY }, "");
    loading = true;
    try {
      await show(id, request, fallback, options, 0);
    } finally {
      if (id === latest) loading = false;
    }
  }

  async function show(id, request, fallback, options, redirects) {
    const { push = true, scroll, keepFocus = false, unlessBusy = false } = options;
    let response, html;
    try {
      response = await fetch(request);
    } catch {
      if (id === latest) fallback(false);
      return;
    }
    if (id !== latest) return;
    const redirect = response.headers.get("x-cp-location");
    if (redirect) {
      const target = new URL(redirect, location.href);
      if (target.protocol !== "http:" && target.protocol !== "https:") {
        fallback(true);
        return;
      }
      if (!ownPage(target) || redirects >= MAX_REDIRECTS) {
        location.assign(target);
        return;
      }
      const same = target.pathname === location.pathname && target.search === location.search;
      const next = { ...options, push: push && !same };
      return show(id, pageRequest(target), () => location.assign(target), next, redirects + 1);
    }
    const type = response.headers.get("content-type") ?? "";
    try {
      if (!type.startsWith("text/html")) throw new Error("not a page");
      html = await response.text();
    } catch {
      if (id === latest) fallback(true);
      return;
    }
    if (id !== latest || (unlessBusy && busy())) return;
    // A redirect followed by fetch loses the fragment; the request's own address keeps it.
    const requested = new URL(request.url);
    const url = new URL(response.url || request.url);
    if (!url.hash && requested.hash && url.pathname === requested.pathname && url.search === requested.search) url.hash = requested.hash;
    const was = keepFocus ? focused() : null;
    const open = url.pathname === shown.pathname && url.search === shown.search ? openDetails() : null;
    // The history first, so the entry left behind keeps its own title.
    if (push) history.pushState({ scroll: 0 }, "", url);
    else if (url.href !== location.href) history.replaceState({ scroll }, "", url);
    if (!swap(html)) {
      location.assign(url);
      return;
    }
    shown = new URL(location.href);
    if (open) for (const el of document.querySelectorAll("details")) if (open.has(detailsKey(el))) el.open = true;
    focusPage(url, scroll, was);
    keepCurrent();
  }

  // A form's own attributes: `form.action` and `form.method` are shadowed by fields of that name
  // (the moderators' forms have submit buttons named "action").
  const formAction = (form) => form.getAttribute("action") ?? location.href;
  const formMethod = (form) => (form.getAttribute("method") ?? "get").toLowerCase();

  /** A form's fields and the button that sent it (also where `FormData(form, submitter)` is not known). */
  function fieldsOf(form, submitter) {
    const data = new FormData(form);
    if (submitter?.name && !data.has(submitter.name)) data.append(submitter.name, submitter.value);
    return data;
  }
  const posting = new WeakSet();

  /**
   * The address a GET form leads to: its fields, empty ones left out (as the app's own links do).
   * A `data-live="merge"` form leading to the page shown keeps the address's other parameters.
   */
  function getAddress(form, submitter) {
    const action = new URL(submitter?.getAttribute("formaction") || formAction(form), location.href);
    const merge = action.pathname === location.pathname && form.dataset.live === "merge";
    const fields = merge ? new URLSearchParams(location.search) : new URLSearchParams();
    const data = fieldsOf(form, submitter);
    for (const name of new Set(data.keys())) fields.delete(name);
    for (const [name, value] of data) if (typeof value === "string" && value !== "") fields.append(name, value);
    // `%20` for spaces, as the server writes search addresses.
    action.search = [...fields].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
    return action;
  }

  // An island handles its own links and forms (leptos listens on the window, after this); the
  // server-rendered children it wraps (`<leptos-children>`) are the page's.
  const islandOwns = (el) => el.closest("leptos-island, leptos-children")?.localName === "leptos-island";

  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!link || link.target || link.hasAttribute("download") || link.getAttribute("rel")?.includes("external")) return;
    if (islandOwns(link)) return;
    const url = new URL(link.href, location.href);
    if (!ownPage(url)) return;
    // A link to a place on this page only scrolls.
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    event.preventDefault();
    visit(pageRequest(url), () => location.assign(url));
  });

  document.addEventListener("submit", (event) => {
    if (event.defaultPrevented) return;
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.getAttribute("target") || islandOwns(form)) return;
    // The browser's own post after a network failure (below) goes through as it is.
    if (form.dataset.navNative) {
      delete form.dataset.navNative;
      return;
    }
    // Files are not carried by this script (no form has them yet): the browser posts those.
    if (form.enctype === "multipart/form-data" || form.querySelector("input[type=file]")) return;
    const submitter = event.submitter;
    const action = new URL(submitter?.getAttribute("formaction") || formAction(form), location.href);
    const method = (submitter?.getAttribute("formmethod") || formMethod(form));
    if (action.origin !== location.origin || (method !== "get" && method !== "post")) return;
    if (method === "get" && NOT_A_PAGE.test(action.pathname)) return;
    event.preventDefault();
    clearTimeout(typing);
    if (method === "get") {
      const url = getAddress(form, submitter);
      visit(pageRequest(url), () => location.assign(url));
      return;
    }
    // One post at a time per form (a second tap while the first is on its way does nothing).
    if (posting.has(form)) return;
    posting.add(form);
    // The server answers a plain post with a redirect (and a flash when it refused).
    const fields = new URLSearchParams();
    for (const [name, value] of fieldsOf(form, submitter)) if (typeof value === "string") fields.append(name, value);
    const request = new Request(action, { method: "POST", body: fields, headers: { Accept: "text/html", "x-cp-nav": "1" } });
    visit(request, (answered) => {
      if (answered) {
        // The server has the post; show the page again rather than send it twice.
        location.assign(location.href);
      } else {
        // Nothing reached the server: the browser posts it itself, with the button pressed.
        form.dataset.navNative = "1";
        form.requestSubmit(submitter ?? undefined);
      }
    }).finally(() => posting.delete(form));
  });

  // Live forms: `data-live` on a GET form applies it as the reader types (after a pause) or
  // chooses; `data-live="merge"` keeps the other parameters of the address when the form leads to
  // the page already shown (the header's search box on the search page keeps its filters). On its
  // own page a live form replaces the history entry, so Back leaves the page rather than undoing
  // each letter.
  let typing = null;
  function follow(form) {
    const url = getAddress(form, null);
    const here = url.pathname === location.pathname;
    if (here && url.search === location.search) return;
    visit(pageRequest(url), () => location.assign(url), { push: !here, scroll: here ? window.scrollY : undefined, keepFocus: true });
  }
  document.addEventListener("input", (event) => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || field.type === "checkbox" || field.type === "radio") return;
    const form = field.form;
    if (!form || !form.hasAttribute("data-live") || formMethod(form) !== "get") return;
    clearTimeout(typing);
    typing = setTimeout(() => follow(form), DEBOUNCE_MS);
  });
  document.addEventListener("change", (event) => {
    const field = event.target;
    if (!(field instanceof HTMLSelectElement || (field instanceof HTMLInputElement && (field.type === "checkbox" || field.type === "radio")))) return;
    const form = field.form;
    if (!form || !form.hasAttribute("data-live") || formMethod(form) !== "get") return;
    clearTimeout(typing);
    follow(form);
  });

  // An island that changed what the page shows (an inline edit saved) asks for the page again,
  // in place (ui::nav::reload_in_place).
  window.addEventListener("cp:reload", () => {
    const url = new URL(location.href);
    visit(pageRequest(url), () => location.reload(), { push: false, scroll: window.scrollY });
  });

  // Pages that stay current (dashboards, the partner queue: `data-refresh-seconds`) are shown
  // again, in place, every so many seconds while visible and when the window gets the focus
  // back; not while the reader is filling in a form on it.
  let refreshing = null;
  function keepCurrent() {
    clearInterval(refreshing);
    const seconds = Number(document.querySelector("[data-refresh-seconds]")?.getAttribute("data-refresh-seconds"));
    if (seconds > 0) refreshing = setInterval(refresh, seconds * 1000);
  }
  function busy() {
    // Anything in the page with the focus (a field, a button, a link, an open table) is in use.
    const el = document.activeElement;
    const main = document.getElementById("main");
    if (el && el !== main && main?.contains(el)) return true;
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
    for (const field of document.querySelectorAll("main input, main textarea")) {
      if (field.type === "hidden") continue;
      if (field.type === "checkbox" || field.type === "radio" ? field.checked !== field.defaultChecked : field.value !== field.defaultValue) return true;
    }
    for (const select of document.querySelectorAll("main select:not([multiple])")) {
      const chosen = [...select.options].findIndex((option) => option.defaultSelected);
      if (select.selectedIndex !== Math.max(chosen, 0)) return true;
    }
    return false;
  }
  function refresh() {
    if (loading || document.hidden || !document.querySelector("[data-refresh-seconds]") || busy()) return;
    visit(pageRequest(location.href), () => {}, { push: false, scroll: window.scrollY, unlessBusy: true });
  }
  window.addEventListener("focus", refresh);
  document.addEventListener("visibilitychange", refresh);
  keepCurrent();

  window.addEventListener("popstate", (event) => {
    const scroll = event.state?.scroll ?? 0;
    // Only the fragment changed (the skip link, a link to an answer): the same page, no fetch.
    if (location.pathname === shown.pathname && location.search === shown.search) {
      const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target && event.state?.scroll === undefined) target.scrollIntoView();
      else window.scrollTo(0, scroll);
      return;
    }
    visit(pageRequest(location.href), () => location.reload(), { push: false, scroll, fromHistory: true });
  });
})();

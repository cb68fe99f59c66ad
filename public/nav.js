// Moving between pages without reloading the document, for the islands build (issue 17; the
// lazy-routes build routes in WASM and does not load this file). Every page is rendered whole by
// the server and every form works as a plain post with a redirect, so this script only carries
// what a full page load would do: it fetches the next page (a same-site link, a GET form, a POST
// form), puts its body and its head tags in place of the current ones, keeps the history and the
// reader's focus, and asks leptos to hydrate the islands that arrived. Whenever something is off
// (a network error, an answer that is not a page), the browser does a full load instead.
(() => {
  "use strict";

  // Addresses that are not pages: files, feeds, downloads and the server functions' JSON.
  const NOT_A_PAGE = /^\/(pkg|api\/export)\/|\.(xml|txt|json|csv|ics|png|svg|webmanifest|wasm|js|css)$/;
  // The head tags a page sets for itself (ui::PageHead and leptos_meta).
  const PAGE_HEAD = "title, meta[name=description], meta[property^='og:'], meta[name^='twitter:'], link[rel=canonical], link[rel=alternate]";
  let latest = 0;
  // Scrolling back and forth is restored from the history entries kept here.
  history.scrollRestoration = "manual";

  const pageRequest = (url) => new Request(url, { headers: { Accept: "text/html" } });
  const ownPage = (url) =>
    url.origin === location.origin && !NOT_A_PAGE.test(url.pathname);

  function swap(html) {
    const next = new DOMParser().parseFromString(html, "text/html");
    if (!next.body || !next.querySelector("main")) return false;
    for (const old of document.head.querySelectorAll(PAGE_HEAD)) old.remove();
    for (const tag of next.head.querySelectorAll(PAGE_HEAD)) document.head.append(document.importNode(tag, true));
    document.documentElement.lang = next.documentElement.lang;
    for (const { name } of [...document.body.attributes]) document.body.removeAttribute(name);
    for (const { name, value } of [...next.body.attributes]) document.body.setAttribute(name, value);
    document.body.replaceChildren(...[...next.body.childNodes].map((node) => document.importNode(node, true)));
    if (typeof window.__hydrateIsland === "function") {
      for (const island of document.body.querySelectorAll("leptos-island")) {
        window.__hydrateIsland(island, island.dataset.component);
      }
    }
    return true;
  }

  function focusPage(url, scroll) {
    if (url.hash) {
      const target = document.getElementById(decodeURIComponent(url.hash.slice(1)));
      if (target) {
        target.scrollIntoView();
        return;
      }
    }
    window.scrollTo(0, scroll ?? 0);
    const main = document.getElementById("main");
    if (main && scroll === undefined) main.focus({ preventScroll: true });
  }

  /** Shows the page `request` answers with; `fallback` does a full load when that fails. */
  async function visit(request, fallback, { push = true, scroll } = {}) {
    const id = ++latest;
    history.replaceState({ ...history.state, scroll: window.scrollY }, "");
    let response, html;
    try {
      response = await fetch(request);
      const type = response.headers.get("content-type") ?? "";
      if (!type.startsWith("text/html")) throw new Error("not a page");
      html = await response.text();
    } catch {
      if (id === latest) fallback();
      return;
    }
    if (id !== latest) return;
    const url = new URL(response.url || request.url);
    if (!swap(html)) {
      fallback();
      return;
    }
    if (push) history.pushState({ scroll: 0 }, "", url);
    else if (url.href !== location.href) history.replaceState({ scroll }, "", url);
    focusPage(url, scroll);
  }

  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!link || link.target || link.hasAttribute("download") || link.getAttribute("rel")?.includes("external")) return;
    // An island handles its own links and forms (leptos listens on the window, after this).
    if (link.closest("leptos-island")) return;
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
    if (!(form instanceof HTMLFormElement) || form.target || form.closest("leptos-island")) return;
    const submitter = event.submitter;
    const action = new URL(submitter?.getAttribute("formaction") || form.action, location.href);
    const method = (submitter?.getAttribute("formmethod") || form.method || "get").toLowerCase();
    if (action.origin !== location.origin || (method !== "get" && method !== "post")) return;
    if (method === "get" && NOT_A_PAGE.test(action.pathname)) return;
    const data = new FormData(form, submitter ?? undefined);
    const fields = new URLSearchParams();
    for (const [name, value] of data) if (typeof value === "string") fields.append(name, value);
    event.preventDefault();
    if (method === "get") {
      action.search = fields.toString();
      visit(pageRequest(action), () => location.assign(action));
    } else {
      // The server answers a plain post with a redirect (and a flash when it refused); fetch
      // follows it. Without this script the browser would do the same.
      const request = new Request(action, { method: "POST", body: fields, headers: { Accept: "text/html" } });
      visit(request, () => HTMLFormElement.prototype.submit.call(form));
    }
  });

  window.addEventListener("popstate", (event) => {
    visit(pageRequest(location.href), () => location.reload(), {
      push: false,
      scroll: event.state?.scroll ?? 0,
    });
  });
})();

/* Old links keep working. A link whose fragment names an item that is not on this page (an
   item that moved to another page, or whose id changed) is sent on to the page and anchor
   where the item is now, as anchors-map.js (written by each build) says. A classic script,
   not a module, so it works from file:// too; it loads the map only when it needs it. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || typeof URL !== "function") return;
  var staticFolder = new URL(".", script.src);
  var root = new URL("..", staticFolder);
  var map = null;
  var loading = false;

  function wantedId() {
    var fragment = location.hash.slice(1);
    try {
      fragment = decodeURIComponent(fragment);
    } catch (e) {
      return "";
    }
    return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(fragment) ? fragment : "";
  }

  function go(href) {
    var target = new URL(href, location.href);
    var samePage = target.href.split("#")[0] === location.href.split("#")[0];
    if (target.href === location.href || (samePage && !target.hash)) return;
    location.replace(target.href);
  }

  function follow() {
    var id = wantedId();
    if (!id) return;
    var here = document.getElementById(id);
    if (here && !here.hasAttribute("data-pcsp-moved")) return;
    var link = here && here.querySelector("a[href]");
    if (link) {
      go(link.href);
      return;
    }
    if (map === null) {
      load();
      return;
    }
    if (!Object.prototype.hasOwnProperty.call(map.items, id)) return;
    var place = map.items[id];
    var page = map.pages[place[0]];
    if (typeof page !== "string") return;
    go(new URL(page + (place[1] ? "#" + place[1] : ""), root).href);
  }

  function load() {
    if (loading) return;
    loading = true;
    var tag = document.createElement("script");
    tag.src = new URL("anchors-map.js", staticFolder).href;
    document.head.appendChild(tag);
  }

  window.pcspAnchorMap = function (data) {
    if (map !== null || !data || typeof data.items !== "object" || !Array.isArray(data.pages)) {
      return;
    }
    map = data;
    follow();
  };
  window.addEventListener("hashchange", follow);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", follow);
  } else {
    follow();
  }
})();

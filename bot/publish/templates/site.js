// The index's filters, totals, chart and list, from the pledges embedded in the page
// (a <script type="application/json"> block: data, never run). Every pledger's text is
// put in the page with textContent, never as HTML. Numbers, amounts and lists are
// written by Intl in the site's locale, and every word comes from the page (the site's
// catalog), so the script speaks the language the page does.
"use strict";

(function () {
  const PAGE_SIZE = 100;
  const SVG = "http://www.w3.org/2000/svg";
  const pledges = JSON.parse(document.getElementById("pledges-data").textContent);
  const site = JSON.parse(document.getElementById("site-data").textContent);
  const form = document.getElementById("filters");
  const usd = new Intl.NumberFormat(site.locale, {style: "currency", currency: "USD",
                                                  maximumFractionDigits: 0});
  const count = new Intl.NumberFormat(site.locale);
  const list = new Intl.ListFormat(site.locale, {type: "conjunction"});
  // A counted note comes in each plural category's form (from the site's catalog).
  const plural = new Intl.PluralRules(site.locale);
  // In a right-to-left page the chart is mirrored: bars grow from the right edge, and
  // each text, anchored at its start, runs leftwards from its place.
  const rightToLeft = document.documentElement.dir === "rtl";
  let shown = PAGE_SIZE;

  const haystack = new Map(pledges.map(function (p) {
    const names = p.countries.map(function (c) { return site.countries[c].name; });
    return [p, [p.ref, p.title, p.org].concat(p.partners, names).join("\n").toLowerCase()];
  }));

  function chosen() {
    return {
      focus: form.elements["focus-area"].value,
      type: form.elements["pledge-type"].value,
      region: form.elements["region"].value,
      group: form.elements["group"].value,
      country: form.elements["country"].value,
      words: form.elements["search"].value.trim().toLowerCase().split(/\s+/).filter(Boolean),
    };
  }

  function inRegion(p, region) {
    if (region === site.globalRegion) return p.global;
    return p.countries.some(function (c) { return site.countries[c].region === region; });
  }

  function matches(p, f) {
    const text = haystack.get(p);
    return (!f.focus || p.focus === f.focus)
      && (!f.type || p.type === f.type)
      && (!f.region || inRegion(p, f.region))
      && (!f.group || p.groups.indexOf(f.group) >= 0)
      && (!f.country || p.countries.indexOf(f.country) >= 0)
      && f.words.every(function (w) { return text.indexOf(w) >= 0; });
  }

  function totals(found) {
    const organizations = new Set(), countries = new Set();
    let cents = 0, noRate = 0;
    for (const p of found) {
      organizations.add(p.org);
      p.countries.forEach(function (c) { countries.add(c); });
      if (p.usd !== null) cents += p.usd;
      if (p.noRate) noRate += 1;
    }
    return {pledges: found.length, organizations: organizations.size,
            countries: countries.size, usd: Math.round(cents / 100), noRate: noRate};
  }

  function showTotals(t) {
    document.getElementById("total-pledges").textContent = count.format(t.pledges);
    document.getElementById("total-organizations").textContent = count.format(t.organizations);
    document.getElementById("total-countries").textContent = count.format(t.countries);
    document.getElementById("total-usd").textContent = usd.format(t.usd);
    const note = document.getElementById("no-rate");
    const words = site.noRateNote[plural.select(t.noRate)];
    note.textContent = t.noRate ? words.replace("{count}", count.format(t.noRate)) : "";
  }

  function drawChart(found) {
    const svg = document.getElementById("chart");
    const byArea = new Map(site.focusAreas.map(function (f) { return [f.id, 0]; }));
    found.forEach(function (p) { byArea.set(p.focus, (byArea.get(p.focus) || 0) + 1); });
    const rows = Array.from(byArea.entries());
    const most = Math.max(1, ...rows.map(function (r) { return r[1]; }));
    // Each focus area's name above its bar: long names fit on a phone too.
    const rowHeight = 44, width = 400, barSpace = 340;
    function across(x, length) { return rightToLeft ? width - x - (length || 0) : x; }
    svg.replaceChildren();
    svg.setAttribute("viewBox", "0 0 " + width + " " + rows.length * rowHeight);
    rows.forEach(function (row, i) {
      const y = i * rowHeight, length = barSpace * row[1] / most;
      const label = document.createElementNS(SVG, "text");
      label.setAttribute("x", across(0));
      label.setAttribute("y", y + 14);
      label.setAttribute("class", "chart-label");
      label.textContent = site.focusLabels[row[0]] || row[0];
      const bar = document.createElementNS(SVG, "rect");
      const barLength = Math.max(row[1] ? 2 : 0, length);
      bar.setAttribute("x", across(0, barLength));
      bar.setAttribute("y", y + 20);
      bar.setAttribute("height", 16);
      bar.setAttribute("width", barLength);
      bar.setAttribute("class", "chart-bar");
      bar.setAttribute("data-focus-area", row[0]);
      bar.setAttribute("data-pledges", row[1]);
      const value = document.createElementNS(SVG, "text");
      value.setAttribute("x", across(length + 6));
      value.setAttribute("y", y + 33);
      value.setAttribute("class", "chart-value");
      value.textContent = count.format(row[1]);
      svg.append(label, bar, value);
    });
  }

  function item(p) {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = p.page;
    link.textContent = p.title;
    const about = document.createElement("p");
    about.className = "meta";
    const where = p.global ? site.globalLabel
      : list.format(p.countries.map(function (c) { return site.countries[c].name; }));
    const parts = [p.ref, p.org, site.focusLabels[p.focus] || p.focus, where];
    if (p.usd !== null) parts.push(usd.format(Math.round(p.usd / 100)));
    about.textContent = parts.filter(Boolean).join(" · ");
    li.append(link, about);
    return li;
  }

  function showList(found) {
    const items = document.getElementById("pledge-list");
    items.replaceChildren(...found.slice(0, shown).map(item));
    document.getElementById("shown").textContent =
      site.shownNote[plural.select(found.length)]
        .replace("{shown}", count.format(Math.min(shown, found.length)))
        .replace("{total}", count.format(found.length));
    document.getElementById("more").hidden = found.length <= shown;
  }

  function update() {
    const f = chosen();
    const found = pledges.filter(function (p) { return matches(p, f); });
    showTotals(totals(found));
    drawChart(found);
    showList(found);
  }

  // The filters are kept in the address (#group=ldc&region=Africa), so a filtered view
  // can be bookmarked or sent to someone; only the form's own fields are read back.
  function remember() {
    const chosenFields = new URLSearchParams();
    Array.from(form.elements).forEach(function (field) {
      if (field.name && field.value) chosenFields.set(field.name, field.value);
    });
    const hash = chosenFields.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }

  function recall() {
    const asked = new URLSearchParams(location.hash.slice(1));
    Array.from(form.elements).forEach(function (field) {
      if (field.name && asked.has(field.name)) field.value = asked.get(field.name);
    });
  }

  function refilter() { shown = PAGE_SIZE; update(); remember(); }
  // Typing refilters at each key; a menu when its choice is made (once, on change).
  form.addEventListener("input", function (event) {
    if (event.target.type === "search") refilter();
  });
  form.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") refilter();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(refilter, 0); });
  document.getElementById("more").addEventListener("click", function () {
    shown += PAGE_SIZE;
    update();
  });
  document.documentElement.classList.add("scripted");
  recall();
  update();
})();

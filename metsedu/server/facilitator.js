// Live counts for the facilitator: asks the server every second; draws words and numbers
// (bars only repeat the numbers). Text always goes in with textContent.
(function () {
  var data = JSON.parse(document.getElementById("facilitator-data").textContent);
  var w = data.words;
  var revealed = {};
  var built = false;

  function fill(t, v) { return String(t).replace(/\{(\w+)\}/g, function (a, k) { return k in v ? v[k] : a; }); }
  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (text != null) n.textContent = text;
    if (cls) n.className = cls;
    return n;
  }
  function pct(right, answered) { return answered ? Math.round(100 * right / answered) : 0; }

  function build() {
    var box = document.getElementById("results");
    data.items.forEach(function (item, index) {
      var card = el("section", null, "item");
      card.id = "item-" + index;
      card.appendChild(el("h3", item.prompt));
      card.appendChild(el("p", item.lesson));
      card.appendChild(el("p", w.no_answers, "summary"));
      card.appendChild(el("ul", null, "plain choices"));
      var button = el("button", w.reveal);
      button.type = "button";
      button.setAttribute("aria-pressed", "false");
      var explanation = el("p", item.explanation, "explanation");
      explanation.hidden = true;
      button.addEventListener("click", function () {
        revealed[item.key] = !revealed[item.key];
        button.setAttribute("aria-pressed", revealed[item.key] ? "true" : "false");
        explanation.hidden = !revealed[item.key];
      });
      card.appendChild(button);
      card.appendChild(explanation);
      box.appendChild(card);
    });
    built = true;
  }

  function draw(results) {
    if (!built) build();
    document.getElementById("participants").textContent =
      fill(w.participants, { count: results.participants });
    var now = {}, byPhase = {};
    results.counts.forEach(function (c) {
      if (c.phase === results.phase) now[c.key] = c;
      (byPhase[c.key] = byPhase[c.key] || {})[c.phase] = c;
    });
    data.items.forEach(function (item, index) {
      var card = document.getElementById("item-" + index);
      var c = now[item.key];
      card.querySelector(".summary").textContent = c
        ? fill(w.answered, { answered: c.answered }) + ". " + fill(w.right, { right: c.right }) + "."
        : w.no_answers;
      var list = card.querySelector(".choices");
      list.replaceChildren();
      if (!c) return;
      // The server counts each choice (a page that chose two options counts for both).
      Object.keys(item.choices).forEach(function (id) {
        var number = c.choices[id] || 0;
        if (!number) return;
        var li = el("li", item.choices[id] + ": " + number + " ");
        var bar = el("span", null, "bar");
        bar.style.width = (10 * number / Math.max(1, c.answered)) + "rem";
        bar.setAttribute("aria-hidden", "true");
        li.appendChild(bar);
        list.appendChild(li);
      });
    });
    var change = document.getElementById("change");
    change.replaceChildren();
    var pre = [0, 0], post = [0, 0];
    var list = el("ul", null, "plain");
    data.items.forEach(function (item) {
      var p = byPhase[item.key] || {};
      if (!p.pre || !p.post) return;
      pre[0] += p.pre.answered; pre[1] += p.pre.right; post[0] += p.post.answered; post[1] += p.post.right;
      list.appendChild(el("li", item.prompt + " " + fill(w.change_item, {
        before: pct(p.pre.right, p.pre.answered), after: pct(p.post.right, p.post.answered) })));
    });
    if (pre[0] && post[0]) {
      change.appendChild(el("p", fill(w.change_overall, { before: pct(pre[1], pre[0]), after: pct(post[1], post[0]) })));
      change.appendChild(list);
    }
  }

  function poll() {
    fetch(data.results, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (results) { if (results) draw(results); })
      .catch(function () { /* the next poll tries again */ })
      .finally(function () { window.setTimeout(poll, 1000); });
  }
  poll();
})();

// Live counts for the facilitator: asks the server every second and draws what it sends.
// The server sends finished sentences and each choice's share (percentages are worked out
// once, in metsedu/server/teaching_record.py), so this file fills in no words and does no
// arithmetic of its own. Bars only repeat the numbers. Text always goes in with textContent.
(function () {
  var data = JSON.parse(document.getElementById("facilitator-data").textContent);
  var words = data.words;
  var revealed = {};
  var built = false;

  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (text != null) n.textContent = text;
    if (cls) n.className = cls;
    return n;
  }

  function build() {
    var box = document.getElementById("results");
    data.items.forEach(function (item, index) {
      var card = el("section", null, "item");
      card.id = "item-" + index;
      card.appendChild(el("h3", item.prompt));
      card.appendChild(el("p", item.lesson));
      card.appendChild(el("p", words.no_answers, "summary"));
      card.appendChild(el("ul", null, "plain choices"));
      var button = el("button", words.reveal);
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
    document.getElementById("participants").textContent = results.participants_line;
    data.items.forEach(function (item, index) {
      var card = document.getElementById("item-" + index);
      var now = results.now[item.key];
      card.querySelector(".summary").textContent = now ? now.summary : words.no_answers;
      var list = card.querySelector(".choices");
      list.replaceChildren();
      if (!now) return;
      // [label, number, share of the pages that answered], in the question's own order.
      now.choices.forEach(function (choice) {
        var li = el("li", choice[0] + ": " + choice[1] + " ");
        var bar = el("span", null, "bar");
        bar.style.width = (10 * choice[2]) + "rem";
        bar.setAttribute("aria-hidden", "true");
        li.appendChild(bar);
        list.appendChild(li);
      });
    });
    var change = document.getElementById("change");
    change.replaceChildren();
    if (results.change) {
      change.appendChild(el("p", results.change.overall));
      var list = el("ul", null, "plain");
      results.change.items.forEach(function (line) { list.appendChild(el("li", line)); });
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

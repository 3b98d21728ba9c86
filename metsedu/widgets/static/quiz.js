// metsedu quiz view. It only shows what Python sends and sends back what the learner chose.
// The answer key is never here before a check. Text goes in with textContent, never as HTML.
// Native fieldsets with radios or checkboxes give keyboard use and screen-reader grouping.

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

const ICON = { right: "\u2714", partly: "\u25D1", not_quite: "\u2716", shown: "\u2139" };

// Fills ui.yaml's {name} placeholders. One that has no value stays as written, {name},
// as in metsedu-page.js and body_map.js: `metsedu check` holds ui.yaml to the names the code
// fills, so a gap is a bug, and a visible {name} can be found in ui.yaml, where a silent ""
// would leave a sentence that reads whole but says less ("Call  now").
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, key) => (values[key] == null ? all : String(values[key])));
}

function render({ model, el }) {
  let focusTarget = null; // what to focus after the next re-render
  const root = h("section", { className: "metsedu-quiz" });
  el.append(root);

  const send = (action, extra = {}) => {
    model.send({ action, item: model.get("item").id, ...extra });
  };

  function markFor(result, id) {
    const mark = result.marks && result.marks[id];
    if (!mark) return null;
    const labels = model.get("labels");
    const status = mark.correct ? "right" : "not_quite";
    // Words, not only the icon and colour: "Your choice" or "Right answer", then the feedback.
    const chosen = isChosen(result, id)
      || Boolean(result.chosen && !Array.isArray(result.chosen) && result.chosen[id]);
    return h("p", { className: `metsedu-mark metsedu-mark-${status}` },
      h("span", { "aria-hidden": "true", text: `${ICON[status]} ` }),
      h("strong", { text: `${chosen ? labels.your_choice : labels.right_answer}: ` }),
      document.createTextNode(mark.feedback));
  }

  function isChosen(result, id, cardId) {
    const chosen = result.chosen;
    if (!chosen) return false;
    if (cardId) return !Array.isArray(chosen) && chosen[cardId] === id;
    return Array.isArray(chosen) && chosen.includes(id);
  }

  // One renderer per item kind, by the kind's type: draw(ctx) gives what goes in the form,
  // readAnswer(ctx) what to send on "Check". The kind's Python class decides what is right.
  function optionList({ item, result, locked, qid }, multi) {
    return item.options.map((option, index) => {
      const inputId = `${qid}-${item.id}-${index}`;
      const input = h("input", {
        type: multi ? "checkbox" : "radio", name: `${qid}-${item.id}`, id: inputId,
        value: option.id, checked: isChosen(result, option.id), disabled: locked,
      });
      const key = result.answer && result.answer.includes && result.answer.includes(option.id);
      const labels = model.get("labels");
      return h("div", { className: "metsedu-option" + (key ? " metsedu-key" : "") },
        input, h("label", { for: inputId, text: option.text }),
        key && result.status === "shown"
          ? h("span", { className: "metsedu-key-label", text: ` (${labels.right_answer})` }) : null,
        markFor(result, option.id));
    });
  }

  function picked(form) {
    return [...form.querySelectorAll("input:checked")].map((input) => input.value);
  }

  function choiceRenderer(multi, toAnswer = (id) => id) {
    return {
      // The question heading names the group; role="radiogroup" tells a screen reader so.
      draw: (ctx) => [h("fieldset", {
        role: multi ? "group" : "radiogroup", "aria-labelledby": ctx.questionId, ...ctx.described },
        ...optionList(ctx, multi))],
      readAnswer: ({ form }) => {
        const ids = picked(form);
        if (multi) return ids;
        return ids.length ? toAnswer(ids[0]) : null;
      },
    };
  }

  const triage = {
    draw: ({ item, result, locked, qid, labels }) => [
      h("p", { className: "metsedu-hint", text: labels.triage_hint }),
      ...item.cards.map((card, cardIndex) => {
        const legendId = `${qid}-${card.id}-legend`;
        const choices = item.choices.map((choice, index) => {
          const inputId = `${qid}-${card.id}-${index}`;
          return h("div", { className: "metsedu-option" },
            h("input", { type: "radio", name: `${qid}-${card.id}`, id: inputId, value: choice.id,
              checked: isChosen(result, choice.id, card.id)
                || (result.status === "shown" && result.answer[card.id] === choice.id),
              disabled: locked }),
            h("label", { for: inputId, text: choice.text }));
        });
        return h("fieldset", { className: "metsedu-card", "aria-labelledby": legendId },
          h("legend", { id: legendId, text: `${cardIndex + 1}. ${card.text}` }),
          ...choices, markFor(result, card.id));
      })],
    readAnswer: ({ item, form, qid }) => {
      const answer = {};
      for (const card of item.cards) {
        const name = `${qid}-${card.id}`;
        const chosen = form.querySelector(`input[name="${CSS.escape(name)}"]:checked`);
        if (chosen) answer[card.id] = chosen.value;
      }
      return answer;
    },
  };

  // Ordering: a numbered list; each step has "Move up" and "Move down" buttons (no dragging).
  // Moves stay in the page until "Check", and the order is kept after "Try again". Focus
  // stays on the moved step's button, and a live region says where the step is now.
  const orders = new Map();
  const ordering = {
    orderOf({ item, result, qid }) {
      const key = `${qid}/${item.id}`;
      if (result.status === "shown") return [...result.answer];
      if (Array.isArray(result.chosen)) orders.set(key, [...result.chosen]);
      if (!orders.has(key)) orders.set(key, item.steps.map((step) => step.id));
      return orders.get(key);
    },
    draw(ctx) {
      const { item, result, locked, qid, labels } = ctx;
      const words = labels.ordering;
      const text = Object.fromEntries(item.steps.map((step) => [step.id, step.text]));
      const order = ordering.orderOf(ctx);
      const total = order.length;
      const list = h("ol", { className: "metsedu-steps", role: "list",
        "aria-labelledby": ctx.questionId, ...ctx.described });
      const live = h("p", { className: "metsedu-order-live", role: "status", "aria-live": "polite" });
      const marks = result.marks || {};

      function move(from, to, direction) {
        if (to < 0 || to >= total) return;
        [order[from], order[to]] = [order[to], order[from]];
        fillList();
        list.querySelector(`[data-step="${CSS.escape(order[to])}"] [data-move="${direction}"]`).focus();
        live.textContent = fill(words.moved, { step: text[order[to]], position: to + 1, total });
      }

      function fillList() {
        list.replaceChildren(...order.map((id, index) => {
          const placeId = `${qid}-${item.id}-${id}-place`;
          const textId = `${qid}-${item.id}-${id}-text`;
          const describedBy = `${placeId} ${textId}`;
          const mark = marks[id];
          const status = mark && (mark.correct ? "right" : "not_quite");
          const moveButton = (direction, label, to) => h("button", {
            type: "button", className: "metsedu-move", "data-move": direction, text: label,
            "aria-describedby": describedBy, "aria-disabled": to < 0 || to >= total ? "true" : null,
            onclick: () => move(index, to, direction),
          });
          return h("li", { className: "metsedu-step", "data-step": id },
            h("span", { className: "metsedu-step-place", id: placeId,
              text: fill(words.place, { position: index + 1, total }) }),
            h("span", { className: "metsedu-step-text", id: textId, text: text[id] }),
            locked ? null : h("span", { className: "metsedu-step-buttons" },
              moveButton("up", words.move_up, index - 1),
              moveButton("down", words.move_down, index + 1)),
            status ? h("p", { className: `metsedu-mark metsedu-mark-${status}` },
              h("span", { "aria-hidden": "true", text: `${ICON[status]} ` }),
              h("strong", { text: mark.correct ? words.in_place : words.not_in_place })) : null);
        }));
      }
      fillList();
      const right = Object.values(marks).filter((mark) => mark.correct).length;
      const placed = result.marks && result.status !== "shown"
        ? h("p", { className: "metsedu-mark", text: fill(words.placed, { right, total }) }) : null;
      return [h("p", { className: "metsedu-hint", text: words.hint }), list, placed, live];
    },
    readAnswer: (ctx) => [...ordering.orderOf(ctx)],
  };

  const RENDERERS = {
    single_choice: choiceRenderer(false),
    scenario: choiceRenderer(false),
    multiple_select: choiceRenderer(true),
    true_false: choiceRenderer(false, (id) => id === "true"),
    triage,
    ordering,
  };

  function button(text, onclick, extra = {}) {
    return h("button", { type: "button", className: "metsedu-button", text, onclick, ...extra });
  }

  function draw() {
    const labels = model.get("labels");
    const item = model.get("item");
    const stage = model.get("stage");
    const result = model.get("result") || {};
    const qid = model.get("quiz_id");
    const number = model.get("number");
    const total = model.get("total");
    const headingId = `${qid}-heading`;
    root.replaceChildren();
    root.setAttribute("aria-labelledby", headingId);
    root.append(
      h("h2", { id: headingId, text: labels.heading }),
      h("p", { className: "metsedu-intro", text: labels.intro }));

    const live = h("div", { className: "metsedu-live", role: "status", "aria-live": "polite" });

    if (stage === "summary") {
      orders.clear(); // "Start again" begins each ordering item afresh
      const summary = model.get("summary");
      const heading = h("h3", { tabindex: "-1", text: labels.summary_heading });
      const list = summary.review.length
        ? [h("p", { text: labels.summary_review }),
          h("ul", {}, summary.review.map((entry) => {
            if (!entry.anchor) return h("li", { text: entry.question });
            // "{question} See: {section}." with the section as a link to that part of the page.
            const [before, after = ""] = labels.summary_review_item.split("{section}");
            return h("li", {}, document.createTextNode(fill(before, entry)),
              h("a", { href: `#${entry.anchor}`, text: entry.section }),
              document.createTextNode(fill(after, entry)));
          }))]
        : [];
      live.append(heading, h("p", { text: summary.score }), ...list,
        h("p", { text: labels.summary_thanks }));
      root.append(live, h("div", { className: "metsedu-buttons" },
        button(labels.restart, () => { focusTarget = "question"; send("restart"); })));
      focusTarget = focusTarget || "summary";
      applyFocus(heading, null);
      // Tell the page (not the server) the result, so this browser can keep the best one.
      root.dispatchEvent(new CustomEvent("metsedu-quiz-finished", {
        bubbles: true, detail: { right: summary.right, total: summary.total } }));
      return;
    }

    const locked = stage !== "answering";
    const progress = h("p", { className: "metsedu-progress", text: fill(labels.progress, { number, total }) });
    const questionId = `${qid}-question`;
    // A scenario's situation comes first, so the question reads after the story it asks
    // about; it also describes the question and the choices, for focus that lands on them.
    const situationId = `${qid}-situation`;
    const situation = item.situation
      ? h("p", { className: "metsedu-situation", id: situationId, text: item.situation }) : null;
    const described = situation ? { "aria-describedby": situationId } : {};
    const questionHeading = h("h3", {
      id: questionId, className: "metsedu-question", tabindex: "-1", text: item.prompt, ...described });
    const form = h("form", { className: "metsedu-form", onsubmit: (event) => event.preventDefault() });
    const renderer = RENDERERS[item.type];
    const ctx = { item, result, locked, qid, labels, form, questionId, described };
    form.append(...renderer.draw(ctx).filter(Boolean));
    if (result.feedback && result.status !== "shown") {
      form.append(h("p", { className: "metsedu-mark", text: result.feedback }));
    }

    const notice = model.get("notice");
    if (result.status) {
      live.append(
        h("p", { className: `metsedu-headline metsedu-mark-${result.status}` },
          h("span", { "aria-hidden": "true", text: `${ICON[result.status]} ` }),
          h("strong", { text: result.headline })),
        h("p", {}, h("strong", { text: `${labels.why}: ` }), document.createTextNode(result.explanation)));
    }
    if (notice) live.append(h("p", { className: "metsedu-notice", text: notice }));

    const buttons = h("div", { className: "metsedu-buttons" });
    const firstButton = [];
    if (stage === "answering") {
      const check = button(labels.check, () => {
        focusTarget = "after-check";
        send("check", { answer: renderer.readAnswer(ctx) });
      });
      buttons.append(check);
      firstButton.push(check);
    } else if (result.status !== "right" && result.status !== "shown") {
      const retry = button(labels.try_again, () => { focusTarget = "question"; send("retry"); });
      buttons.append(retry);
      firstButton.push(retry);
    }
    if (result.status !== "right" && result.status !== "shown") {
      buttons.append(button(labels.show_answer, () => { focusTarget = "after-check"; send("show"); }));
    }
    if (number > 1) {
      buttons.append(button(labels.previous, () => { focusTarget = "question"; send("previous"); }));
    }
    const forward = number < total
      ? button(labels.next, () => { focusTarget = "question"; send("next"); })
      : button(labels.finish, () => { focusTarget = "summary"; send("finish"); });
    buttons.append(forward);
    // After a check, the next useful step: "Try again" if not right yet, else move on.
    if (locked && (result.status === "right" || result.status === "shown")) firstButton.unshift(forward);

    root.append(progress, ...(situation ? [situation] : []), questionHeading, form, live, buttons);
    applyFocus(questionHeading, firstButton[0]);
  }

  function applyFocus(question, action) {
    const target = focusTarget;
    focusTarget = null;
    if (!target) return;
    if (target === "summary" || target === "question") question.focus();
    else if (target === "after-check") {
      const stage = model.get("stage");
      if (stage === "answering") {
        // Not accepted or nothing chosen: stay with the choices so the learner can act.
        const first = root.querySelector("input:not([disabled]), .metsedu-move");
        (first || action || question).focus();
      } else (action || question).focus();
    }
  }

  // Joining a nurse's group session: optional, outside the part that redraws, so typing is
  // never lost. A code in the address (?join=CODE) is sent once, as if typed.
  const group = h("form", { className: "metsedu-group", onsubmit: (event) => {
    event.preventDefault();
    model.send({ action: "join", item: model.get("item").id, code: codeInput.value });
  } });
  const codeId = `${model.get("quiz_id")}-group-code`;
  const codeInput = h("input", { id: codeId, type: "text", autocomplete: "off",
    autocapitalize: "characters", spellcheck: "false", maxlength: "12", size: "8" });
  const groupStatus = h("p", { className: "metsedu-group-status", role: "status" });
  function drawGroup() {
    const words = model.get("labels").group;
    const state = model.get("group") || {};
    groupStatus.textContent = state.message || "";
    group.hidden = false;
    group.querySelector("label").textContent = words.join_label;
    group.querySelector("button").textContent = words.join_button;
    group.querySelector(".metsedu-group-privacy").textContent = words.privacy;
    group.classList.toggle("metsedu-group-joined", state.state === "joined");
  }
  group.append(h("label", { for: codeId }), " ", codeInput, " ",
    h("button", { type: "submit", className: "metsedu-button" }),
    h("p", { className: "metsedu-group-privacy" }), groupStatus);
  el.prepend(group);
  model.on("change:group", drawGroup);
  drawGroup();
  const fromAddress = new URLSearchParams(window.location.search).get("join");
  if (fromAddress) {
    codeInput.value = fromAddress.slice(0, 12);
    model.send({ action: "join", item: model.get("item").id, code: codeInput.value });
  }

  model.on("change:revision", draw);
  draw();
  return () => { root.remove(); group.remove(); };
}

export default { render };

// metsedu body map: an original outline figure; each site is a real <button> placed over it.
// Buttons give focus, Enter/Space and a name for free; the figure itself is decorative.

const SVG = `
<svg viewBox="0 0 200 400" aria-hidden="true" focusable="false" class="metsedu-map-figure">
  <circle cx="100" cy="48" r="34" class="outline"/>
  <path class="outline" d="M70 92 Q100 104 130 92 L160 110 Q172 118 172 136 L172 238
    Q172 248 164 248 L156 248 L156 150 L148 150 L148 380 L112 380 L106 250 L94 250 L88 380
    L52 380 L52 150 L44 150 L44 248 L36 248 Q28 248 28 238 L28 136 Q28 118 40 110 Z"/>
  <path class="site brain" d="M76 42 Q80 20 100 20 Q120 20 124 42 Q118 56 100 56 Q82 56 76 42 Z"/>
  <ellipse class="site lung" cx="84" cy="140" rx="14" ry="26"/>
  <ellipse class="site lung" cx="116" cy="140" rx="14" ry="26"/>
  <path class="site liver" d="M70 178 Q92 168 116 176 Q114 192 98 198 Q78 200 70 190 Z"/>
  <path class="site bone" d="M98 96 L102 96 L102 232 L98 232 Z"/>
  <path class="site bone" d="M60 222 Q100 206 140 222 L136 240 Q100 228 64 240 Z"/>
  <path class="site bone" d="M66 262 L72 262 L76 372 L70 372 Z"/>
  <path class="site bone" d="M128 262 L134 262 L130 372 L124 372 Z"/>
</svg>`;

// Where each button sits: the side of the stage it keeps to, and its height in % of the
// stage; beside its organ so it never hides it. A button keeps to its edge of the stage
// rather than centring on a point, so a longer word ("Pulmones") grows inwards and never
// out past the screen on a phone or at 200% zoom.
// The liver is on the person's right, which is the viewer's left.
const POSITION = {
  brain: ["right", 10], lung: ["right", 35], liver: ["left", 46], bone: ["left", 70],
};

function render({ model, el }) {
  const labels = model.get("labels");
  const root = document.createElement("section");
  root.className = "metsedu-body-map";
  const headingId = `metsedu-body-map-${Math.random().toString(36).slice(2)}`;
  root.setAttribute("aria-labelledby", headingId);

  const heading = document.createElement("h2");
  heading.id = headingId;
  heading.textContent = labels.heading;
  const description = document.createElement("p");
  description.textContent = labels.description;
  const instructions = document.createElement("p");
  instructions.textContent = labels.instructions;

  const stage = document.createElement("div");
  stage.className = "metsedu-map-stage";
  stage.innerHTML = SVG; // a constant drawing; no content text goes through innerHTML
  const buttons = document.createElement("div");
  buttons.className = "metsedu-map-buttons";
  const panel = document.createElement("div");
  panel.className = "metsedu-map-panel";
  panel.setAttribute("aria-live", "polite");

  for (const site of model.get("sites")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `metsedu-map-button metsedu-site-${site.id}`;
    button.dataset.site = site.id;
    button.textContent = site.name;
    const [side, top] = POSITION[site.id];
    button.style[side] = "0";
    button.style.top = `${top}%`;
    button.addEventListener("click", () => model.send({ action: "select", site: site.id }));
    buttons.append(button);
  }
  stage.append(buttons);

  function draw() {
    const selected = model.get("selected");
    for (const button of buttons.children) {
      const on = button.dataset.site === selected;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      stage.querySelectorAll(`.site.${button.dataset.site}`)
        .forEach((shape) => shape.classList.toggle("selected", on));
    }
    panel.replaceChildren();
    const site = model.get("sites").find((s) => s.id === selected);
    if (!site) return;
    const title = document.createElement("h3");
    title.textContent = site.title;
    const summary = document.createElement("p");
    summary.textContent = site.summary;
    const link = document.createElement("a");
    link.href = site.href;
    // Every {title}, not just the first; any other {name} stays as written (see quiz.js fill).
    link.textContent = labels.open_lesson.replaceAll("{title}", site.title);
    panel.append(title, summary, link);
  }

  const layout = document.createElement("div");
  layout.className = "metsedu-map-layout";
  layout.append(stage, panel);
  root.append(heading, description, instructions, layout);
  el.append(root);
  model.on("change:selected", draw);
  draw();
  return () => root.remove();
}

export default { render };

// Starts the page. Opened as `?notes` by presenter mode's "Presenter view" button, the page is instead the
// presenter's second window: the line being said, the next step's line as notes, a timer and the chapters, with
// buttons (and the same keys) that drive the window that opened it, over postMessage.
"use strict";

Lesson.notes = (() => {
  const { data } = Lesson;
  const element = (tag, attributes = {}, ...children) => {
    const made = Object.assign(document.createElement(tag), attributes);
    made.append(...children);
    return made;
  };
  const line = (step) => (step && step.beat !== null ? data.beats[step.beat].text : "(no narration: the animation plays)");

  function view() {
    document.querySelectorAll("main, footer, .skip").forEach((node) => node.remove());
    document.title = `Presenter view · ${data.title}`;
    document.body.classList.add("notes-view");
    const now = element("p", { className: "now", id: "notes-now" });
    const next = element("p", { className: "next", id: "notes-next" });
    const where = element("p", { className: "where", id: "notes-where" });
    const timer = element("output", { className: "timer", id: "notes-timer" }, "0:00");
    const send = (lesson, extra = {}) => {
      if (window.opener && !window.opener.closed) window.opener.postMessage({ lesson, ...extra }, "*");
    };
    const buttons = element("div", { className: "row" },
      element("button", { type: "button", className: "big", id: "notes-back", onclick: () => send("back") }, "◀ Back"),
      element("button", { type: "button", className: "big", id: "notes-again", onclick: () => send("again") }, "↺ Again"),
      element("button", { type: "button", className: "big", id: "notes-next-button", onclick: () => send("next") }, "Next ▶"),
      element("button", { type: "button", id: "notes-blank", onclick: () => send("blank") }, "Blank (B)"));
    let began = Date.now();
    const reset = element("button", { type: "button", onclick: () => { began = Date.now(); } }, "Reset timer");
    const chapters = element("ol", { className: "chapters" }, ...data.chapters.map((chapter, index) =>
      element("li", {}, element("button", {
        type: "button",
        onclick: () => send("step", { step: data.steps.findIndex((s) => s.chapter === index) }),
      }, chapter.title))));
    const missing = element("p", { className: "warning", id: "notes-alone", hidden: !!window.opener },
      "This window drives the lesson page that opened it; open it with that page's “Presenter view” button.");
    document.querySelector("header").after(element("main", { className: "notes", id: "notes" },
      element("h2", {}, "Presenter view"), missing, where,
      element("h3", {}, "Now"), now, element("h3", {}, "Next"), next, buttons,
      element("p", {}, "Time ", timer, " ", reset),
      element("h3", {}, "Chapters"), chapters));
    setInterval(() => { timer.textContent = Lesson.clock((Date.now() - began) / 1000); }, 500);
    window.addEventListener("message", (event) => {
      if (event.source !== window.opener || !event.data || event.data.lesson !== "state") return;
      const step = Number(event.data.step);
      if (!Number.isInteger(step) || step < 0 || step >= data.steps.length) return;
      const here = data.steps[step];
      where.textContent = `${data.chapters[here.chapter].title} · step ${step + 1} of ${data.steps.length}` +
        (event.data.playing ? " · playing" : " · waiting");
      now.textContent = line(here);
      next.textContent = step + 1 < data.steps.length ? line(data.steps[step + 1]) : "(the end of the lesson)";
    });
    window.addEventListener("keydown", (event) => {
      const action = { ArrowRight: "next", " ": "next", PageDown: "next", ArrowLeft: "again", PageUp: "back", b: "blank", B: "blank" }[event.key];
      if (!action || (event.target.closest && event.target.closest("button") && event.key === " ")) return;
      event.preventDefault();
      send(action);
    });
    send("hello");
  }

  if (Lesson.params.has("notes")) {
    view();
  } else {
    Lesson.init();
    Lesson.address.init();
    Lesson.presenter.init();
    Lesson.quiz.init();
    Lesson.scorm.init();
  }
  return { view };
})();

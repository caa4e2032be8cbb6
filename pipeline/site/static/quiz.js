// Questions at the end of chosen chapters: the answers were computed for this lesson's own numbers when the page
// was built. The video pauses at the chapter's end and asks; the worked answer follows whatever the viewer says.
// On the student page they are practice, not an exam: their answers are in the page for it to check.
"use strict";

Lesson.quiz = (() => {
  const { data, video } = Lesson;
  const $ = (id) => document.getElementById(id);
  const LEAD = 0.25; // seconds before a chapter's end at which a playing video stops to ask

  const quiz = {
    enabled: { watching: data.ask, presenting: false }, // presenter mode asks only when the teacher turns it on
    done: new Set(), // questions answered or skipped in this visit
    right: new Set(), // answered right at the first try
    queue: [],
    question: null,
    after: null, // what Continue does
    last: 0,

    init() {
      if (!data.quiz.length) return;
      const toggle = $("quiz-toggle");
      toggle.hidden = false;
      toggle.addEventListener("click", () => { this.enabled[this.mode()] = !this.enabled[this.mode()]; this.reflect(); });
      $("present-toggle").addEventListener("click", () => this.reflect());
      $("quiz-form").addEventListener("submit", (event) => { event.preventDefault(); this.check(); });
      $("quiz-skip").addEventListener("click", () => this.finish(false, true));
      $("quiz-continue").addEventListener("click", () => this.proceed());
      video.addEventListener("timeupdate", () => this.watch());
      const watch = () => { this.watch(); requestAnimationFrame(watch); };
      requestAnimationFrame(watch);
      this.reflect();
    },
    mode() { return Lesson.presenter.on ? "presenting" : "watching"; },
    on() { return this.enabled[this.mode()]; },
    open() { return !$("quiz").hidden; },
    reflect() {
      const toggle = $("quiz-toggle");
      toggle.setAttribute("aria-pressed", String(this.on()));
      toggle.textContent = this.on() ? "Questions on" : "Questions off";
    },
    pending(chapter) {
      return data.quiz.filter((q) => q.chapterIndex === chapter && !this.done.has(q.key));
    },

    // ---- when to ask ---------------------------------------------------------------------------------------
    watch() { // watching: a video that plays into a chapter's last moments stops there to ask
      const now = video.currentTime, before = this.last;
      this.last = now;
      if (Lesson.presenter.on || video.paused || !this.on() || this.open() || now - before > 2 || now < before) return;
      const chapter = data.chapters.findIndex((c) => before < c.end - LEAD && now >= c.end - LEAD);
      if (chapter >= 0 && this.pending(chapter).length) {
        video.pause();
        this.ask(chapter, () => Lesson.playVideo());
      }
    },
    stepEnded(end) { // presenting: a step that ends a chapter with questions asks them before the next step
      if (!this.on()) return;
      const chapter = data.chapters.findIndex((c) => Math.abs(c.end - end) < 0.01);
      if (chapter >= 0 && this.pending(chapter).length) this.ask(chapter, () => Lesson.presenter.next());
    },
    ask(chapter, after) {
      this.queue = this.pending(chapter);
      this.after = after;
      this.show(this.queue.shift());
    },

    // ---- one question -----------------------------------------------------------------------------------------
    show(question) {
      this.question = question;
      const index = data.quiz.indexOf(question) + 1;
      $("quiz-title").textContent = `Question ${index} of ${data.quiz.length}: after “${data.chapters[question.chapterIndex].title}”`;
      $("quiz-prompt").textContent = question.prompt;
      const answer = $("quiz-answer");
      answer.replaceChildren();
      if (question.kind === "number") {
        const label = document.createElement("label");
        label.textContent = "Your answer ";
        const input = document.createElement("input");
        Object.assign(input, { id: "quiz-number", type: "text", autocomplete: "off" });
        input.setAttribute("inputmode", "decimal");
        label.append(input);
        answer.append(label);
      } else {
        const group = document.createElement("fieldset");
        const legend = document.createElement("legend");
        legend.textContent = "Your answer";
        group.append(legend);
        question.choices.forEach((choice, i) => {
          const label = document.createElement("label");
          const radio = Object.assign(document.createElement("input"), { type: "radio", name: "quiz-choice", value: choice, id: `quiz-choice-${i}` });
          label.append(radio, ` ${choice}`);
          group.append(label);
        });
        answer.append(group);
      }
      $("quiz-result").replaceChildren();
      $("quiz-form").hidden = false;
      $("quiz-continue").hidden = true;
      $("quiz").hidden = false;
      $("quiz").scrollIntoView({ block: "nearest" });
      $("quiz-title").focus();
    },
    given() {
      if (this.question.kind === "number") return $("quiz-number").value.trim();
      const chosen = document.querySelector("input[name='quiz-choice']:checked");
      return chosen ? chosen.value : "";
    },
    accepts(given) { // the same rule as pipeline.quiz.Question.accepts
      const q = this.question;
      if (q.kind === "choice") return given === q.answer;
      const typed = Number(given.replace("−", "-").replace(",", "."));
      return given !== "" && Number.isFinite(typed) && Math.abs(typed - q.value) <= q.tolerance;
    },
    check() {
      const given = this.given();
      if (!given) {
        $("quiz-result").textContent = this.question.kind === "number" ? "Type a number first." : "Choose an answer first.";
        return;
      }
      this.finish(this.accepts(given), false);
    },
    finish(right, skipped) {
      const q = this.question;
      this.done.add(q.key);
      if (right) this.right.add(q.key);
      const verdict = document.createElement("p");
      verdict.className = right ? "right" : "wrong";
      verdict.textContent = skipped ? `Skipped. The answer: ${q.answer}.` : right ? `Right: ${q.answer}.` : `Not quite: the answer is ${q.answer}.`;
      const worked = document.createElement("p");
      worked.className = "worked";
      worked.textContent = q.explanation;
      $("quiz-result").replaceChildren(verdict, worked);
      $("quiz-form").hidden = true;
      const button = $("quiz-continue");
      button.textContent = this.queue.length ? "Next question" : "Continue the lesson";
      button.hidden = false;
      button.focus();
      if (Lesson.scorm) Lesson.scorm.score(this.right.size, data.quiz.length);
    },
    proceed() {
      if (this.queue.length) return this.show(this.queue.shift());
      $("quiz").hidden = true;
      this.question = null;
      const after = this.after;
      this.after = null;
      if (after) after();
    },
  };
  return quiz;
})();

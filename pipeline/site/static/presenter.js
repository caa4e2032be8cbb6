// Presenter mode: the video stops after every step (a narrated line and the animation after it, up to the next
// line), whatever started it: a key, a clicker, the Next button, a swipe, or the video's own play button.
// B blanks the screen; the presenter view, in a second window, shows the next line as notes and drives this one.
"use strict";

Lesson.presenter = (() => {
  const { data, video } = Lesson;
  const $ = (id) => document.getElementById(id);
  const STOP_EARLY = 0.04; // seconds before a step's end at which it pauses (the next line has not begun)
  const AT_END = 0.15; // paused this close to a step's end: that step has been seen

  const presenter = {
    on: false,
    stopAt: null, // the end of the step being played
    announced: -1,
    notes: null, // the presenter view's window

    init() {
      $("present-toggle").addEventListener("click", () => this.toggle(!this.on));
      $("next").addEventListener("click", () => this.next());
      $("back").addEventListener("click", () => this.back());
      $("again").addEventListener("click", () => this.play(this.here()));
      $("notes-open").addEventListener("click", () => this.openNotes());
      video.addEventListener("play", () => this.started());
      video.addEventListener("pause", () => this.status());
      video.addEventListener("seeked", () => this.status());
      this.swipe();
      window.addEventListener("message", (event) => this.message(event));
      if (Lesson.params.has("present")) this.toggle(true);
      const watch = () => { this.watch(); requestAnimationFrame(watch); };
      requestAnimationFrame(watch);
      video.addEventListener("timeupdate", () => this.watch()); // rAF is paused in a hidden tab
    },
    toggle(on) {
      this.on = on;
      document.body.classList.toggle("presenting", on);
      const button = $("present-toggle");
      button.setAttribute("aria-pressed", String(on));
      button.textContent = on ? "Presenter mode: on" : "Presenter mode";
      $("stepbar").hidden = !on;
      this.stopAt = on && !video.paused ? data.steps[this.here()].end : null;
      this.announced = -1;
      this.status();
    },

    // ---- where the presenter is -----------------------------------------------------------------------------
    here() { return Lesson.stepAt(video.currentTime); },
    shown() { // the step on screen: the one playing to its end, or the one the video is in
      const playing = this.stopAt === null ? -1 : data.steps.findIndex((s) => s.end === this.stopAt);
      return playing >= 0 ? playing : this.here();
    },
    seen() { // paused at the end of the step here: it has been played
      const step = data.steps[this.here()];
      return video.currentTime >= step.end - AT_END;
    },
    started() { // the video plays (by any means): stop at the end of the step it plays
      if (!this.on) return;
      if (this.stopAt === null) {
        const here = this.here();
        const step = this.seen() && here + 1 < data.steps.length ? here + 1 : here;
        this.stopAt = data.steps[step].end;
      }
      this.status();
    },
    watch() { // every frame: pause at the step's end (timeupdate comes only 4 times a second)
      if (!this.on || this.stopAt === null || video.paused) return;
      if (video.currentTime >= this.stopAt - STOP_EARLY) {
        const end = this.stopAt;
        this.stopAt = null;
        video.pause();
        if (end < data.duration) video.currentTime = end - STOP_EARLY;
        this.status();
        if (Lesson.quiz) Lesson.quiz.stepEnded(end);
      }
    },

    // ---- moving: next, again, back, a step by number ----------------------------------------------------------
    play(index) {
      if (index < 0 || index >= data.steps.length) return;
      const step = data.steps[index];
      this.stopAt = step.end;
      if (Math.abs(video.currentTime - step.start) > 0.05) video.currentTime = step.start;
      Lesson.playVideo();
      this.status(index);
    },
    next() {
      const here = this.here();
      if (!video.paused) return this.play(here + 1);
      if (this.seen()) { // go on from where it stopped: the frames between are not skipped
        if (here + 1 >= data.steps.length) return;
        this.stopAt = data.steps[here + 1].end;
        Lesson.playVideo();
        return this.status(here + 1);
      }
      this.stopAt = data.steps[here].end; // paused inside a step: play the rest of it
      Lesson.playVideo();
    },
    back() { this.play(Math.max(0, this.here() - 1)); }, // the step before the one shown
    key(key) { // the action for a key in presenter mode, or undefined
      if (!this.on) return undefined;
      return {
        ArrowRight: () => this.next(), " ": () => this.next(), PageDown: () => this.next(), Enter: () => this.next(),
        ArrowLeft: () => this.play(this.here()),
        PageUp: () => this.back(),
        Home: () => this.play(0),
        End: () => this.play(data.steps.length - 1),
        b: () => this.blank(), B: () => this.blank(), ".": () => this.blank(),
      }[key];
    },
    blank() {
      const cover = $("blank");
      cover.hidden = !cover.hidden;
      if (!cover.hidden) { this.stopAt = null; video.pause(); }
    },
    swipe() { // a swipe left on the video: next; right: back
      let from = null;
      const frame = $("frame");
      frame.addEventListener("touchstart", (e) => { from = e.touches.length === 1 ? e.touches[0] : null; }, { passive: true });
      frame.addEventListener("touchend", (e) => {
        if (!this.on || !from) return;
        const dx = e.changedTouches[0].clientX - from.clientX, dy = e.changedTouches[0].clientY - from.clientY;
        if (Math.abs(dx) > 50 && Math.abs(dx) > 2 * Math.abs(dy)) {
          if (dx < 0) this.next(); else this.back();
        }
        from = null;
      });
    },

    // ---- what the room and a screen reader are told ----------------------------------------------------------
    status(index) {
      if (!this.on) return;
      const step = index ?? this.shown();
      const chapter = data.steps[step].chapter;
      const inChapter = data.steps.filter((s) => s.chapter === chapter);
      const position = inChapter.indexOf(data.steps[step]) + 1;
      const title = data.chapters[chapter].title;
      $("step-status").textContent = `${title} · step ${position} of ${inChapter.length}` +
        ` (${step + 1} of ${data.steps.length})` + (video.paused ? " · Next to go on" : "");
      if (step !== this.announced) { // the live region speaks once per step, not on every pause and play
        this.announced = step;
        $("announce").textContent = `Chapter ${chapter + 1} of ${data.chapters.length}, ${title}: step ${position} of ${inChapter.length}.`;
      }
      this.tellNotes(step);
    },

    // ---- the presenter view in a second window ---------------------------------------------------------------
    openNotes() {
      const url = new URL(location.href);
      url.search = "?notes";
      url.hash = "";
      this.notes = window.open(url.href, "lesson-notes", "width=720,height=640");
      if (!this.on) this.toggle(true);
    },
    tellNotes(step) {
      if (!this.notes || this.notes.closed) return;
      this.notes.postMessage({ lesson: "state", step, playing: !video.paused, time: video.currentTime }, "*");
    },
    message(event) { // only from the window this page opened
      if (!this.notes || event.source !== this.notes || !event.data || typeof event.data !== "object") return;
      const { lesson, step } = event.data;
      if (lesson === "hello") this.tellNotes(this.shown());
      else if (lesson === "next") this.next();
      else if (lesson === "again") this.play(this.here());
      else if (lesson === "back") this.back();
      else if (lesson === "blank") this.blank();
      else if (lesson === "step" && Number.isInteger(step)) this.play(step);
    },
  };
  return presenter;
})();

// Progress, and a learning management system told of it through the SCORM 1.2 API when the page runs inside one:
// complete once 90 % of the lesson has played (or every step in presenter mode), and the questions' score. With no
// LMS around, the same progress is kept for the page alone and nothing is called.
"use strict";

Lesson.scorm = (() => {
  const { data, video } = Lesson;
  const ENOUGH = 0.9; // the share of the lesson that must have played for it to count as complete

  function findApi() { // the LMS puts `API` on a window above this one (SCORM 1.2 run-time, section 3.3)
    const search = (start) => {
      let win = start;
      for (let hops = 0; win && hops < 10; hops++) {
        try { if (win.API && typeof win.API.LMSInitialize === "function") return win.API; } catch { /* another origin */ }
        if (win.parent === win) break;
        win = win.parent;
      }
      return null;
    };
    return search(window.parent !== window ? window.parent : null) || (window.opener ? search(window.opener) : null);
  }

  const scorm = {
    api: null,
    seconds: new Uint8Array(Math.ceil(data.duration) + 1), // each second of the video that has played
    steps: new Set(), // each step that has played to its end in presenter mode
    complete: false,
    began: Date.now(),
    last: 0,

    init() {
      this.api = findApi();
      if (this.api && String(this.api.LMSInitialize("")) === "true") {
        const status = String(this.api.LMSGetValue("cmi.core.lesson_status"));
        this.complete = status === "completed" || status === "passed";
        if (!this.complete) this.set("cmi.core.lesson_status", "incomplete");
        this.commit();
        window.addEventListener("pagehide", () => this.end());
      } else {
        this.api = null;
      }
      video.addEventListener("timeupdate", () => this.played());
      video.addEventListener("pause", () => this.stepSeen());
    },
    set(name, value) { if (this.api) this.api.LMSSetValue(name, String(value)); },
    commit() { if (this.api) this.api.LMSCommit(""); },
    played() { // count the seconds passed through while playing (a jump counts nothing)
      const now = video.currentTime;
      if (!video.paused && now >= this.last && now - this.last < 1 + video.playbackRate) { // updates come ~4 times a second
        for (let s = Math.floor(this.last); s <= Math.floor(now); s++) this.seconds[s] = 1;
      }
      this.last = now;
      this.check();
    },
    stepSeen() {
      if (!Lesson.presenter.on) return;
      const step = data.steps[Lesson.stepAt(video.currentTime)];
      if (video.currentTime >= step.end - 0.15) this.steps.add(Lesson.stepAt(video.currentTime));
      this.check();
    },
    share() { return this.seconds.reduce((a, b) => a + b, 0) / Math.max(1, Math.ceil(data.duration)); },
    check() {
      if (this.complete || !(this.share() >= ENOUGH || this.steps.size === data.steps.length)) return;
      this.complete = true;
      this.set("cmi.core.lesson_status", "completed");
      this.commit();
    },
    score(right, total) {
      this.set("cmi.core.score.min", 0);
      this.set("cmi.core.score.max", 100);
      this.set("cmi.core.score.raw", Math.round((100 * right) / total));
      this.commit();
    },
    end() {
      if (!this.api) return;
      const seconds = Math.round((Date.now() - this.began) / 1000);
      const two = (n) => String(n).padStart(2, "0");
      this.set("cmi.core.session_time", `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`);
      this.set("cmi.core.exit", this.complete ? "" : "suspend");
      this.commit();
      this.api.LMSFinish("");
      this.api = null;
    },
  };
  return scorm;
})();

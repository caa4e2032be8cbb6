// The lesson page's player: captions, chapters, the transcript and its search, speed and keys. Every later
// script (address, presenter, quiz, scorm, notes) adds itself to the `Lesson` object this one makes. All of it is driven by the data the site builder embedded
// in the page (chapters, beats and steps on the video's clock). No framework.
"use strict";

const Lesson = (() => {
  const data = JSON.parse(document.getElementById("lesson-data").textContent);
  const video = document.getElementById("video");
  const $ = (id) => document.getElementById(id);
  const chapterButtons = [...document.querySelectorAll("#chapters button")];
  const lineButtons = [...document.querySelectorAll("#transcript .line button")];
  const params = new URLSearchParams(location.search);

  // ---- what the browser keeps between visits (absent or refused: kept for this visit only) ----------------
  const memory = {};
  const store = {
    key: (name) => `lesson:${data.title}:${data.stem}:${name}`,
    get(name) { try { return localStorage.getItem(this.key(name)); } catch { return memory[name] ?? null; } },
    set(name, value) { try { localStorage.setItem(this.key(name), value); } catch { memory[name] = value; } },
  };

  // ---- where we are -------------------------------------------------------------------------------------
  function indexAt(items, time) { // the last item starting at or before time (items are in order)
    let found = -1;
    for (let i = 0; i < items.length; i++) { if (items[i].start <= time + 1e-3) found = i; else break; }
    return found;
  }
  const beatAt = (time) => indexAt(data.beats, time);
  const chapterAt = (time) => Math.max(0, indexAt(data.chapters, time));
  const stepAt = (time) => Math.max(0, indexAt(data.steps, time));
  const clock = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, "0")}`;

  function seek(time, play) {
    video.currentTime = Math.min(Math.max(0, time), data.duration);
    if (play) playVideo();
  }
  function playVideo() { // a refused or interrupted play() is not an error worth a console line
    const started = video.play();
    if (started) started.catch(() => {});
  }

  // ---- captions: the track, and a button that follows the browser's own captions menu ---------------------
  const captions = {
    toggle: $("captions-toggle"),
    init() {
      // From file:// Chromium loads no <track> file; the same captions are embedded in the page.
      const element = $("captions");
      element.src = location.protocol === "file:" && data.vtt
        ? URL.createObjectURL(new Blob([data.vtt], { type: "text/vtt" })) : element.dataset.src;
      this.toggle.addEventListener("click", () => this.show(!this.on()));
      video.textTracks.addEventListener("change", () => this.reflect());
      this.show(store.get("captions") !== "off");
    },
    track() { return video.textTracks[0]; },
    on() { return this.track() ? this.track().mode === "showing" : false; },
    show(on) {
      if (this.track()) this.track().mode = on ? "showing" : "hidden";
      store.set("captions", on ? "on" : "off");
      this.reflect();
    },
    reflect() {
      const on = this.on();
      this.toggle.setAttribute("aria-pressed", String(on));
      this.toggle.textContent = on ? "Captions on" : "Captions off";
    },
  };

  // ---- chapters and transcript ----------------------------------------------------------------------------
  const lists = {
    current: { chapter: -1, line: -1 },
    init() {
      for (const button of [...chapterButtons, ...lineButtons]) {
        button.addEventListener("click", (event) => {
          const word = event.target.closest(".word"); // a word: from that word; elsewhere: from the line's start
          const start = Number((word || button).dataset.start);
          if (Lesson.presenter && Lesson.presenter.on) Lesson.presenter.play(stepAt(start + 1e-3));
          else seek(start, true);
        });
      }
      video.addEventListener("timeupdate", () => this.update());
      video.addEventListener("seeked", () => this.update());
      this.update();
    },
    update() {
      const time = video.currentTime, chapter = chapterAt(time), line = beatAt(time);
      if (chapter !== this.current.chapter) {
        mark(chapterButtons, chapter);
        if (this.current.chapter >= 0 && Lesson.links) Lesson.links.entered(chapter);
        this.current.chapter = chapter;
      }
      if (line !== this.current.line) {
        mark(lineButtons, line);
        this.current.line = line;
        if (line >= 0 && !search.active()) scrollWithin(lineButtons[line]);
      }
      words.update(time);
    },
  };

  function mark(buttons, index) {
    buttons.forEach((button, i) => {
      button.classList.toggle("current", i === index);
      if (i === index) button.setAttribute("aria-current", "true"); else button.removeAttribute("aria-current");
    });
  }

  function scrollWithin(button) { // keep the line in view inside the transcript's own box, never the page
    const box = $("transcript"), top = button.parentElement.offsetTop;
    if (top < box.scrollTop || top + button.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - box.clientHeight / 3);
    }
  }

  // ---- the word being said, marked in the transcript --------------------------------------------------------
  const words = {
    spans: [...document.querySelectorAll("#transcript .word")],
    current: null,
    at(time) { // the last word that has begun; none in the pause after a line
      let low = 0, high = this.spans.length - 1, found = -1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        if (Number(this.spans[middle].dataset.start) <= time + 1e-3) { found = middle; low = middle + 1; }
        else high = middle - 1;
      }
      return found >= 0 && time < Number(this.spans[found].dataset.end) + 0.35 ? this.spans[found] : null;
    },
    update(time) {
      const span = this.at(time);
      if (span === this.current) return;
      if (this.current) this.current.classList.remove("spoken");
      if (span) span.classList.add("spoken");
      this.current = span;
    },
  };

  // ---- search: every word searched for, in any order; each place it is said is marked -----------------------
  const search = {
    input: $("search"),
    count: $("search-count"),
    clean: (word) => word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}%]+$/gu, ""),
    wanted() { return this.input.value.trim().split(/\s+/).map(this.clean).filter(Boolean); },
    active() { return this.wanted().length > 0; },
    init() {
      this.input.addEventListener("input", () => this.filter());
      this.input.addEventListener("keydown", (event) => { // Enter: hear it said, from the next place after now
        if (event.key !== "Enter") return;
        event.preventDefault();
        const found = this.hits();
        if (!found.length) return;
        const next = found.find((span) => Number(span.dataset.start) > video.currentTime + 0.05) || found[0];
        seek(Number(next.dataset.start), true);
      });
    },
    hits(button) { // the words of a line (of every line) that begin with a searched word, if the line has them all
      const wanted = this.wanted();
      const found = [];
      for (const line of button ? [button] : lineButtons) {
        const spans = [...line.querySelectorAll(".word")];
        const said = spans.map((span) => this.clean(span.textContent));
        if (wanted.length && wanted.every((w) => said.some((s) => s.startsWith(w)))) {
          spans.forEach((span, i) => { if (wanted.some((w) => said[i].startsWith(w))) found.push(span); });
        }
      }
      return found;
    },
    filter() {
      const found = new Set(this.hits());
      let shown = 0;
      lineButtons.forEach((button) => {
        const hit = !this.active() || [...button.querySelectorAll(".word")].some((s) => found.has(s));
        button.parentElement.hidden = !hit;
        if (hit) shown++;
      });
      for (const heading of document.querySelectorAll("#transcript .chapter-title")) heading.hidden = this.active();
      for (const span of words.spans) span.classList.toggle("found", found.has(span));
      this.count.textContent = this.active() ? `${shown} of ${lineButtons.length} lines (Enter: hear it said)` : "";
    },
  };

  // ---- speed, remembered ---------------------------------------------------------------------------------
  const speed = {
    select: $("speed"),
    rates: [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2],
    init() {
      this.select.addEventListener("change", () => this.set(Number(this.select.value)));
      this.set(Number(store.get("speed")) || 1);
    },
    set(rate) {
      rate = this.rates.includes(rate) ? rate : 1;
      video.playbackRate = video.defaultPlaybackRate = rate;
      this.select.value = String(rate);
      store.set("speed", String(rate));
    },
    step(by) { this.set(this.rates[Math.min(this.rates.length - 1, Math.max(0, this.rates.indexOf(video.playbackRate) + by))]); },
  };

  // ---- keys: the page's own, wherever focus is, and never also the video's ----------------------------------
  function fullscreen() {
    const box = $("stage-box");
    if (document.fullscreenElement) document.exitFullscreen();
    else if (box.requestFullscreen) box.requestFullscreen().catch(() => {});
  }
  const keys = {
    typing: (target) => target.closest && target.closest("input, select, textarea, [contenteditable]"),
    pressable: (target) => target !== video && target.closest && target.closest("button, a, summary"),
    handle(event) {
      if (event.ctrlKey || event.metaKey || event.altKey || this.typing(event.target)) return;
      if (Lesson.quiz && Lesson.quiz.open()) return;
      if ((event.key === " " || event.key === "Enter") && this.pressable(event.target)) return; // press the button
      const action = (Lesson.presenter && Lesson.presenter.key(event.key)) || this.actions[event.key];
      if (!action) return;
      event.preventDefault();
      event.stopPropagation(); // the video's own controls would seek or toggle as well
      action();
    },
    actions: {
      " ": () => (video.paused ? playVideo() : video.pause()),
      k: () => (video.paused ? playVideo() : video.pause()),
      j: () => seek(video.currentTime - 10),
      l: () => seek(video.currentTime + 10),
      ArrowLeft: () => seek(video.currentTime - 5),
      ArrowRight: () => seek(video.currentTime + 5),
      f: fullscreen,
      c: () => captions.show(!captions.on()),
      m: () => { video.muted = !video.muted; },
      "<": () => speed.step(-1),
      ">": () => speed.step(1),
      Home: () => seek(0),
      End: () => seek(data.duration - 0.1),
    },
  };

  function init() {
    captions.init();
    lists.init();
    search.init();
    speed.init();
    $("fullscreen").addEventListener("click", fullscreen);
    video.addEventListener("dblclick", (event) => { // the video's own full screen would leave the step bar out
      event.preventDefault();
      fullscreen();
    });
    document.addEventListener("fullscreenchange", () => {
      $("fullscreen").textContent = document.fullscreenElement ? "Leave full screen" : "Full screen";
    });
    window.addEventListener("keydown", (event) => keys.handle(event), true);
  }

  return { data, video, store, params, beatAt, chapterAt, stepAt, clock, seek, playVideo, captions, words, search,
           speed, fullscreen, init };
})();

window.lesson = Lesson;

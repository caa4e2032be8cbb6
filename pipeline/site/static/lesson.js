// The lesson page: chapters, transcript, captions and presenter mode, all driven by the data the
// site builder embedded in the page (chapters and beats on the video's clock). No framework.
"use strict";

const Lesson = (() => {
  const data = JSON.parse(document.getElementById("lesson-data").textContent);
  const video = document.getElementById("video");
  const chapterButtons = [...document.querySelectorAll("#chapters button")];
  const lineButtons = [...document.querySelectorAll("#transcript button")];
  const overlay = document.getElementById("overlay");
  const STOP_EARLY = 0.04; // seconds before a beat's end at which presenter mode pauses

  // ---- where we are --------------------------------------------------------------------------
  function indexAt(items, time) {
    // the last item starting at or before time (items are in order)
    let found = -1;
    for (let i = 0; i < items.length; i++) {
      if (items[i].start <= time + 1e-3) found = i; else break;
    }
    return found;
  }
  const beatAt = (time) => indexAt(data.beats, time);
  const chapterAt = (time) => indexAt(data.chapters, time);

  // ---- captions --------------------------------------------------------------------------------
  const captions = {
    track() { return video.textTracks[0]; },
    init() {
      // A page opened from file:// cannot load its .vtt (Chromium treats file: as a unique origin,
      // and says so in the console); the same captions are embedded in the page, so the track gets
      // those there, and the .vtt file when the page is served.
      const element = document.getElementById("captions");
      element.src = location.protocol === "file:" && data.vtt
        ? URL.createObjectURL(new Blob([data.vtt], { type: "text/vtt" }))
        : element.dataset.src;
      const toggle = document.getElementById("captions-toggle");
      toggle.addEventListener("click", () => this.show(toggle.getAttribute("aria-pressed") !== "true"));
      this.show(true);
    },
    show(on) {
      const track = this.track();
      if (track) track.mode = on ? "showing" : "hidden";
      const toggle = document.getElementById("captions-toggle");
      toggle.setAttribute("aria-pressed", String(on));
      toggle.textContent = on ? "Captions on" : "Captions off";
    },
  };

  // ---- chapters and transcript -----------------------------------------------------------------
  const lists = {
    current: { chapter: -1, line: -1 },
    init() {
      for (const button of [...chapterButtons, ...lineButtons]) {
        button.addEventListener("click", (event) => {
          // a word of the transcript: from that word; anywhere else on a line: from the line's start
          const word = event.target.closest(".word");
          const start = Number((word || button).dataset.start);
          if (presenter.on) presenter.playBeat(beatAt(start)); else seek(start, true);
        });
      }
      video.addEventListener("timeupdate", () => this.update());
      video.addEventListener("seeked", () => this.update());
      const follow = () => { // the spoken word moves faster than timeupdate (4 times a second) follows
        words.update(video.currentTime);
        if (!video.paused) requestAnimationFrame(follow);
      };
      video.addEventListener("play", () => requestAnimationFrame(follow));
      this.update();
    },
    update() {
      const time = video.currentTime;
      const chapter = chapterAt(time), line = beatAt(time);
      if (chapter !== this.current.chapter) {
        mark(chapterButtons, chapter);
        this.current.chapter = chapter;
      }
      if (line !== this.current.line) {
        mark(lineButtons, line);
        this.current.line = line;
        if (line >= 0 && !search.active()) scrollWithin(lineButtons[line]);
      }
      words.update(time);
      presenter.showOverlay();
    },
  };

  // ---- the word being said, marked in the transcript ---------------------------------------------
  const words = {
    spans: [...document.querySelectorAll("#transcript .word")],
    current: null,
    at(time) {
      // the last word that has begun (words are in order on the video's clock); none in a pause after a line
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

  function mark(buttons, index) {
    buttons.forEach((button, i) => {
      button.classList.toggle("current", i === index);
      if (i === index) button.setAttribute("aria-current", "true"); else button.removeAttribute("aria-current");
    });
  }

  function scrollWithin(button) {
    // keep the current line in view inside the transcript's own scroll box, never scrolling the page
    const box = document.getElementById("transcript");
    const top = button.offsetTop; // the list is positioned: offsets are within it
    if (top < box.scrollTop || top + button.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - box.clientHeight / 3);
    }
  }

  function seek(time, play) {
    video.currentTime = Math.max(0, time);
    if (play) video.play();
  }

  // ---- search over the transcript --------------------------------------------------------------
  const search = {
    input: document.getElementById("search"),
    count: document.getElementById("search-count"),
    active() { return this.input.value.trim() !== ""; },
    init() {
      this.input.addEventListener("input", () => this.filter());
      // Enter: to the next place the words are said, from where the video is (round to the first)
      this.input.addEventListener("keydown", (event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();
        const found = this.hits();
        if (!found.length) return;
        const next = found.find((span) => Number(span.dataset.start) > video.currentTime + 0.05) || found[0];
        seek(Number(next.dataset.start), true);
      });
    },
    hits() {
      // the words where the searched words begin to be said (all of them, in order, on one line; the last one
      // may be the start of a word)
      const clean = (word) => word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}%]+$/gu, "");
      const wanted = this.input.value.trim().split(/\s+/).map(clean).filter(Boolean);
      const found = [];
      if (!wanted.length) return found;
      const last = wanted.length - 1;
      for (const button of lineButtons) {
        const spans = [...button.querySelectorAll(".word")];
        const said = spans.map((span) => clean(span.textContent));
        for (let i = 0; i + wanted.length <= said.length; i++) {
          if (wanted.every((w, k) => (k === last ? said[i + k].startsWith(w) : said[i + k] === w))) {
            found.push(spans[i]);
          }
        }
      }
      return found;
    },
    filter() {
      const query = this.input.value.trim().toLowerCase();
      let shown = 0;
      lineButtons.forEach((button, i) => {
        const hit = !query || data.beats[i].text.toLowerCase().includes(query);
        button.parentElement.hidden = !hit;
        if (hit) shown++;
      });
      const found = new Set(this.hits());
      for (const span of words.spans) span.classList.toggle("found", found.has(span));
      this.count.textContent = query ? `${shown} of ${lineButtons.length} lines (Enter: hear it said)` : "";
    },
  };

  // ---- presenter mode: stop at the end of every beat, the clicker plays the next ----------------
  const presenter = {
    on: false,
    stopAt: null, // the end of the beat being played
    init() {
      document.getElementById("present-toggle").addEventListener("click", () => this.toggle(!this.on));
      document.addEventListener("keydown", (event) => this.key(event));
      if (new URLSearchParams(location.search).has("present")) this.toggle(true);
      const watch = () => { this.watch(); requestAnimationFrame(watch); };
      requestAnimationFrame(watch);
    },
    toggle(on) {
      this.on = on;
      document.body.classList.toggle("presenting", on);
      const button = document.getElementById("present-toggle");
      button.setAttribute("aria-pressed", String(on));
      button.textContent = on ? "Presenter mode: on" : "Presenter mode";
      overlay.hidden = !on;
      this.stopAt = on && !video.paused ? this.endOf(beatAt(video.currentTime)) : null;
      this.showOverlay();
    },
    endOf(index) { return index >= 0 ? data.beats[index].end : null; },
    watch() {
      // checked every animation frame (timeupdate comes only every 250 ms): pause on the beat's end
      if (!this.on || this.stopAt === null || video.paused) return;
      if (video.currentTime >= this.stopAt - STOP_EARLY) {
        video.pause();
        video.currentTime = this.stopAt - STOP_EARLY;
        this.stopAt = null;
        this.showOverlay();
      }
    },
    playBeat(index) {
      if (index < 0 || index >= data.beats.length) return;
      const beat = data.beats[index];
      this.stopAt = beat.end;
      video.currentTime = beat.start;
      video.play();
      this.showOverlay(index);
    },
    // the beat the presenter is "at": the one that just finished when paused at its end
    here() { return beatAt(Math.max(0, video.currentTime)); },
    // the beat the clicker plays next: the one after the beat just seen, or this one if it has not begun
    next() {
      const here = this.here();
      const waiting = video.paused && here >= 0 && video.currentTime - data.beats[here].start < 0.1;
      return waiting ? here : here + 1;
    },
    key(event) {
      if (!this.on || event.target === search.input) return;
      const here = this.here();
      const actions = {
        ArrowRight: () => this.playBeat(this.next()),
        " ": () => this.playBeat(this.next()),
        PageDown: () => this.playBeat(this.next()),
        ArrowLeft: () => this.playBeat(Math.max(0, here)),
        PageUp: () => this.playBeat(Math.max(0, here - 1)),
        Home: () => this.playBeat(0),
        End: () => this.playBeat(data.beats.length - 1),
      };
      const action = actions[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
    },
    showOverlay(index) {
      if (!this.on) return;
      const beat = index ?? this.here();
      const chapter = beat >= 0 ? data.beats[beat].chapter : 0;
      const within = data.beats.filter((b) => b.chapter === chapter);
      const position = beat >= 0 ? within.indexOf(data.beats[beat]) + 1 : 0;
      overlay.textContent = `Chapter ${chapter + 1} of ${data.chapters.length} · ` +
        `beat ${position} of ${within.length}` + (video.paused ? " · → to continue" : "");
    },
  };

  function init() {
    captions.init();
    lists.init();
    search.init();
    presenter.init();
    video.addEventListener("pause", () => presenter.showOverlay());
    video.addEventListener("play", () => presenter.showOverlay());
  }

  return { init, data, beatAt, chapterAt, presenter, captions, words, search };
})();

window.lesson = Lesson;
Lesson.init();

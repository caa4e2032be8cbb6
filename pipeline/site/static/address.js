// Where the page starts and what its address says: links into the lesson (#t=, #chapter=, ?present#step=), the
// address following the chapters, "copy link to here", resume where the viewer left off, and the warning for a
// web server that cannot seek (one that does not answer byte-range requests).
"use strict";

(() => {
  const { data, video, store, params } = Lesson;
  const $ = (id) => document.getElementById(id);

  // ---- links into the lesson: #t=, #chapter=, ?present#step=; the address follows the chapters ---------------
  const links = {
    status: $("link-status"),
    time(text) { // "300", "5:00", "1:05:00" -> seconds, or NaN
      const parts = String(text).split(":").map(Number);
      return parts.some((p) => !Number.isFinite(p) || p < 0) || parts.length > 3 ? NaN
        : parts.reduce((total, part) => total * 60 + part, 0);
    },
    target() { // where the address asks to start, as a time, or null
      const hash = new URLSearchParams(location.hash.slice(1));
      const t = hash.get("t") ?? params.get("t");
      if (t !== null && Number.isFinite(this.time(t))) return { time: this.time(t) };
      const chapter = data.chapters.findIndex((c) => c.key === (hash.get("chapter") ?? params.get("chapter")));
      if (chapter >= 0) return { time: data.chapters[chapter].start };
      const step = Number(hash.get("step") ?? params.get("step"));
      if (Number.isInteger(step) && step >= 1 && step <= data.steps.length) return { time: data.steps[step - 1].start, step: step - 1 };
      return null;
    },
    go() {
      const target = this.target();
      if (!target) return false;
      Lesson.seek(target.time, false);
      return true;
    },
    here() {
      const url = new URL(location.href);
      url.hash = "";
      if (Lesson.presenter && Lesson.presenter.on) {
        url.search = "?present";
        url.hash = `step=${Lesson.presenter.shown() + 1}`;
      } else {
        url.search = "";
        url.hash = `t=${Math.floor(video.currentTime)}`;
      }
      return url.href;
    },
    entered(chapter) { // the address names the chapter being watched (replaced, so Back leaves the page)
      if (video.paused) return;
      const url = new URL(location.href);
      url.hash = `chapter=${data.chapters[chapter].key}`;
      try { history.replaceState(null, "", url.href); } catch { /* a sandboxed frame may refuse */ }
    },
    async copy() {
      const href = this.here();
      try { // a browser that neither copies nor refuses within a second is taken as refusing
        await Promise.race([navigator.clipboard.writeText(href),
          new Promise((_, refuse) => { setTimeout(refuse, 1000); })]);
        this.status.textContent = "Link copied";
      } catch {
        this.status.textContent = href; // the browser refused the clipboard: the link, to copy by hand
      }
    },
    init() {
      $("copy-link").addEventListener("click", () => this.copy());
      window.addEventListener("hashchange", () => this.go());
    },
  };

  // ---- resume where the viewer left off -------------------------------------------------------------------
  const resume = {
    init(linked) {
      let saved = 0;
      video.addEventListener("timeupdate", () => {
        if (Math.abs(video.currentTime - saved) >= 2) { saved = video.currentTime; store.set("time", String(saved)); }
      });
      window.addEventListener("pagehide", () => store.set("time", String(video.currentTime)));
      const time = Number(store.get("time"));
      if (linked || !(time > 3 && time < data.duration - 3)) return;
      Lesson.seek(time, false);
      $("resumed-text").textContent = `Resumed at ${Lesson.clock(time)}, where you left off.`;
      $("resumed").hidden = false;
      $("start-over").addEventListener("click", () => { Lesson.seek(0, false); $("resumed").hidden = true; });
    },
  };

  // ---- a server that cannot send part of a file cannot seek: say so -------------------------------------
  const server = {
    async check() {
      if (!location.protocol.startsWith("http")) return;
      try {
        const answer = await fetch(video.currentSrc || video.querySelector("source").src, { headers: { Range: "bytes=0-1" }, cache: "no-store" }); // the cache would answer a range from a whole copy
        if (answer.body) answer.body.cancel();
        if (answer.status === 206) return;
      } catch { return; }
      const warning = $("seek-warning");
      warning.textContent = "This web server sends the video only whole (it does not answer byte-range requests), " +
        "so the player cannot jump: chapters, links, presenter mode and the transcript will start from the beginning. " +
        "Serve the folder with a server that supports ranges (nginx, Apache, Caddy, `npx serve`), or download the MP4.";
      warning.hidden = false;
    },
  };

  Lesson.links = links;
  Lesson.address = {
    init() {
      links.init();
      resume.init(links.go());
      video.addEventListener("loadedmetadata", () => server.check(), { once: true });
      if (video.readyState >= 1) server.check();
    },
  };
})();

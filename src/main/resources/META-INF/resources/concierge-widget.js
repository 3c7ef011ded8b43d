/*!
 * Concierge chat widget: one self-contained script, no build step, no dependencies.
 *
 * Embed with a single tag:
 *   <script src="https://HOST/concierge-widget.js" data-concierge-base="https://HOST" data-token="JWT"></script>
 *
 * Attributes of the script tag (all optional):
 *   data-concierge-base  base URL of the Concierge service (default: the origin the script was loaded from)
 *   data-token           a bearer token (JWT) for the user; its `sub` is the user
 *   data-user            a user id: the widget asks POST /api/v1/dev/token for a token (demo/dev/test profiles only)
 *   data-dev-login       present: when there is no token, show a small "chat as <user id>" form that gets a dev token
 *   data-container       CSS selector of the element to render into (default: a floating panel at the bottom right)
 *   data-open            "true": the floating panel starts open (inline widgets are always open)
 *   data-auto-init       "false": do not start from the tag; call window.ConciergeWidget.init(...) yourself
 *
 * Or from code:
 *   const chat = window.ConciergeWidget.init({
 *     base: "https://HOST",                 // default as above
 *     token: "JWT",                         // or:
 *     getToken: async () => "JWT",          // called at start and again on every reconnect / 401 (token refresh)
 *     user: "alice",                        // dev profiles only: fetch a dev token for this user id
 *     devLogin: false, container: "#chat", open: true
 *   });
 *   chat.send("Recommend a comedy"); chat.destroy();
 *
 * Protocol: WebSocket /ws/chat?access_token=... (frames of docs/api-contract.md) and the REST API
 * /api/v1/me/instructions for the "What I remember about you" panel. When the service is on another origin,
 * that origin must allow this page in its CORS settings for the REST calls (the WebSocket needs none).
 */
(function () {
  "use strict";
  if (window.ConciergeWidget && window.ConciergeWidget.version) {
    return; // loaded twice: keep the first
  }
  var SCRIPT = document.currentScript;
  var instances = [];
  var seq = 0;

  // ------------------------------------------------------------------ styles (every rule scoped under .cw-root)
  var CSS = [
    ".cw-root{all:initial;box-sizing:border-box;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2330;}",
    ".cw-root *,.cw-root *::before,.cw-root *::after{box-sizing:border-box;font:inherit;color:inherit;}",
    ".cw-root.cw-floating{position:fixed;right:16px;bottom:16px;z-index:2147483000;display:flex;flex-direction:column;align-items:flex-end;gap:8px;}",
    ".cw-root .cw-launcher{background:#2b59c3;color:#fff;border:0;border-radius:24px;padding:10px 18px;font-weight:600;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.25);}",
    ".cw-root .cw-panel{display:flex;flex-direction:column;width:100%;height:100%;min-height:420px;background:#fff;border:1px solid #c9cfdb;border-radius:12px;overflow:hidden;}",
    ".cw-root.cw-floating .cw-panel{width:380px;max-width:calc(100vw - 32px);height:600px;max-height:calc(100vh - 90px);box-shadow:0 4px 24px rgba(0,0,0,.2);}",
    ".cw-root.cw-inline{display:block;width:100%;height:100%;}",
    ".cw-root .cw-header{display:flex;align-items:center;gap:8px;padding:10px 12px;background:#2b59c3;color:#fff;}",
    ".cw-root .cw-title{margin:0;font-size:15px;font-weight:700;flex:1;}",
    ".cw-root .cw-conn{font-size:12px;opacity:.9;white-space:nowrap;}",
    ".cw-root .cw-conn::before{content:'';display:inline-block;width:8px;height:8px;border-radius:50%;margin-right:5px;background:#f5b700;vertical-align:middle;}",
    ".cw-root[data-state=open] .cw-conn::before{background:#3ccf6e;}",
    ".cw-root[data-state=closed] .cw-conn::before{background:#ff6b6b;}",
    ".cw-root .cw-header .cw-btn{background:rgba(255,255,255,.15);color:#fff;border-color:rgba(255,255,255,.5);}",
    ".cw-root .cw-body{display:flex;flex:1;min-height:0;flex-direction:column;}",
    ".cw-root .cw-log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:10px;background:#f6f7fb;}",
    ".cw-root .cw-msg{max-width:88%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word;}",
    ".cw-root .cw-msg-user{align-self:flex-end;background:#2b59c3;color:#fff;border-bottom-right-radius:3px;}",
    ".cw-root .cw-msg-assistant{align-self:flex-start;background:#fff;border:1px solid #dde1ea;border-bottom-left-radius:3px;}",
    ".cw-root .cw-msg-assistant[data-streaming=true] .cw-text::after{content:'\\258D';animation:cw-blink 1s steps(2) infinite;}",
    "@keyframes cw-blink{50%{opacity:0}}",
    ".cw-root .cw-msg-failed{border:1px dashed #c0392b;}",
    ".cw-root .cw-note{font-size:12px;color:#6a7385;margin-top:4px;}",
    ".cw-root .cw-msg-user .cw-note{color:#dfe7ff;}",
    ".cw-root .cw-error{align-self:stretch;background:#fff4e5;border:1px solid #f0c36d;color:#6b4400;padding:8px 11px;border-radius:8px;}",
    ".cw-root .cw-options{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px;}",
    ".cw-root .cw-cards{display:flex;flex-direction:column;gap:8px;margin-top:8px;}",
    ".cw-root .cw-card{border:1px solid #dde1ea;border-radius:10px;padding:9px 10px;background:#fbfcff;white-space:normal;}",
    ".cw-root .cw-card h3{margin:0 0 3px;font-size:14px;font-weight:700;}",
    ".cw-root .cw-card p{margin:0 0 4px;}",
    ".cw-root .cw-card ul{margin:2px 0 6px 18px;padding:0;font-size:12.5px;color:#3d4658;}",
    ".cw-root .cw-card[data-verdict=accept]{border-color:#3ccf6e;background:#f0fbf4;}",
    ".cw-root .cw-card[data-verdict=reject]{opacity:.65;}",
    ".cw-root .cw-honours{font-size:12px;color:#6a7385;margin:0;}",
    ".cw-root .cw-actions{display:flex;flex-wrap:wrap;gap:6px;align-items:center;}",
    ".cw-root .cw-btn{border:1px solid #2b59c3;background:#fff;color:#2b59c3;border-radius:8px;padding:5px 10px;cursor:pointer;font-size:13px;line-height:1.3;}",
    ".cw-root .cw-btn:hover{background:#eef2fc;}",
    ".cw-root .cw-btn-primary{background:#2b59c3;color:#fff;}",
    ".cw-root .cw-btn-primary:hover{background:#2149a6;}",
    ".cw-root .cw-btn[disabled]{opacity:.5;cursor:default;}",
    ".cw-root .cw-btn-danger{border-color:#b3261e;color:#b3261e;}",
    ".cw-root button:focus-visible,.cw-root input:focus-visible,.cw-root textarea:focus-visible{outline:3px solid #f5b700;outline-offset:2px;}",
    ".cw-root .cw-input{display:flex;gap:8px;padding:10px;border-top:1px solid #dde1ea;background:#fff;}",
    ".cw-root textarea,.cw-root input[type=text]{flex:1;border:1px solid #9aa3b5;border-radius:8px;padding:7px 9px;background:#fff;color:#1d2330;min-width:0;}",
    ".cw-root textarea{resize:none;height:40px;}",
    ".cw-root .cw-reason{display:flex;gap:6px;margin-top:6px;flex-wrap:wrap;}",
    ".cw-root .cw-memory{border-top:1px solid #dde1ea;background:#fff;max-height:45%;overflow-y:auto;padding:10px 12px;}",
    ".cw-root .cw-memory h2{margin:0 0 6px;font-size:14px;font-weight:700;}",
    ".cw-root .cw-memory ul{list-style:none;margin:0 0 8px;padding:0;display:flex;flex-direction:column;gap:6px;}",
    ".cw-root .cw-memory li{display:flex;flex-wrap:wrap;gap:6px;align-items:center;border:1px solid #e4e7ef;border-radius:8px;padding:6px 8px;}",
    ".cw-root .cw-memory .cw-itext{flex:1 1 160px;}",
    ".cw-root .cw-badge{font-size:11px;border-radius:6px;padding:1px 6px;background:#eef2fc;color:#2b59c3;}",
    ".cw-root .cw-badge-learned{background:#f3ecfd;color:#6b3fb3;}",
    ".cw-root .cw-login{padding:16px;display:flex;flex-direction:column;gap:8px;}",
    ".cw-root .cw-login label{font-weight:600;}",
    ".cw-root .cw-row{display:flex;gap:8px;}",
    ".cw-root .cw-sr{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0;}",
    ".cw-root [hidden]{display:none!important;}"
  ].join("\n");

  function injectCss() {
    if (document.getElementById("cw-style")) return;
    var s = document.createElement("style");
    s.id = "cw-style";
    s.textContent = CSS;
    (document.head || document.documentElement).appendChild(s);
  }

  // ------------------------------------------------------------------ small DOM helper (textContent only: no HTML from data)
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === undefined || v === null || v === false) return;
        if (k === "text") e.textContent = v;
        else if (k === "class") e.className = v;
        else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? "" : String(v));
      });
    }
    (children || []).forEach(function (c) {
      if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  function button(label, onclick, cls, attrs) {
    var a = Object.assign({ type: "button", class: "cw-btn" + (cls ? " " + cls : ""), text: label, onclick: onclick }, attrs || {});
    return el("button", a);
  }

  function newId(prefix) {
    var r = (window.crypto && crypto.randomUUID) ? crypto.randomUUID().replace(/-/g, "").slice(0, 16)
      : Math.random().toString(36).slice(2, 12) + Date.now().toString(36);
    return prefix + "-" + r;
  }

  function trimBase(b) {
    return String(b || "").replace(/\/+$/, "");
  }

  function defaultBase() {
    try {
      if (SCRIPT && SCRIPT.src) return new URL(SCRIPT.src, location.href).origin;
    } catch (e) { /* fall through */ }
    return location.origin;
  }

  // ------------------------------------------------------------------ one widget
  function Widget(opts) {
    this.id = ++seq;
    this.base = trimBase(opts.base) || defaultBase();
    this.staticToken = opts.token || null;
    this.getTokenFn = typeof opts.getToken === "function" ? opts.getToken : null;
    this.user = opts.user || null;
    this.devLogin = !!opts.devLogin;
    this.title = opts.title || "Concierge";
    this.token = null;
    this.ws = null;
    this.state = "idle";
    this.conversationId = opts.conversationId || null;
    this.queue = [];         // frames waiting to be sent, in order: {kind, frame, ...}
    this.inflight = null;    // the frame whose answer we wait for (one at a time, so answers are unambiguous)
    this.attempt = 0;
    this.reconnectTimer = null;
    this.pingTimer = null;
    this.pongTimer = null;
    this.destroyed = false;
    this.tokensReceived = 0;
    this.current = null;     // the assistant bubble being streamed
    this.memoryOpen = false;
    this.build(opts);
    var self = this;
    this.onOnline = function () { if (self.state !== "open") self.reconnectNow(); };
    window.addEventListener("online", this.onOnline);
    this.start();
  }

  Widget.prototype.build = function (opts) {
    injectCss();
    var self = this;
    var container = opts.container ? (typeof opts.container === "string" ? document.querySelector(opts.container) : opts.container) : null;
    var root = this.root = el("div", { class: "cw-root " + (container ? "cw-inline" : "cw-floating"), "data-state": "idle",
      "data-tokens": "0", "data-concierge-widget": String(this.id) });
    var panelId = "cw-panel-" + this.id, memId = "cw-memory-" + this.id, inputId = "cw-input-" + this.id;

    this.connEl = el("span", { class: "cw-conn", text: "Starting" });
    this.memoryBtn = button("What I remember about you", function () { self.toggleMemory(); }, "cw-memory-toggle",
      { "aria-expanded": "false", "aria-controls": memId });
    var header = el("div", { class: "cw-header" }, [el("h2", { class: "cw-title", text: this.title }), this.connEl, this.memoryBtn]);

    this.status = el("div", { class: "cw-sr", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    this.log = el("div", { class: "cw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions text",
      "aria-label": "Conversation", tabindex: "0" });

    this.textarea = el("textarea", { id: inputId, rows: "1", maxlength: "4000", placeholder: "Ask for a recommendation…",
      "aria-describedby": inputId + "-hint" });
    this.textarea.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        self.submit();
      }
    });
    this.sendBtn = button("Send", function () { self.submit(); }, "cw-btn-primary cw-send");
    var inputRow = this.inputRow = el("form", { class: "cw-input", onsubmit: function (e) { e.preventDefault(); self.submit(); } }, [
      el("label", { for: inputId, class: "cw-sr", text: "Message to Concierge" }),
      el("span", { id: inputId + "-hint", class: "cw-sr", text: "Enter sends, Shift+Enter starts a new line." }),
      this.textarea, this.sendBtn
    ]);

    // memory panel
    this.memList = el("ul", { "aria-label": "Your instructions and preferences" });
    this.memEmpty = el("p", { class: "cw-note", text: "Nothing yet. Tell me what you like or avoid, or add it here." });
    var addId = "cw-add-" + this.id;
    this.addInput = el("input", { type: "text", id: addId, maxlength: "500", placeholder: "e.g. No horror movies" });
    var addForm = el("form", { class: "cw-row cw-add", onsubmit: function (e) { e.preventDefault(); self.addInstruction(); } }, [
      el("label", { for: addId, class: "cw-sr", text: "New instruction" }), this.addInput,
      el("button", { type: "submit", class: "cw-btn cw-btn-primary", text: "Add" })
    ]);
    this.memory = el("section", { id: memId, class: "cw-memory", hidden: true, "aria-labelledby": memId + "-h" }, [
      el("h2", { id: memId + "-h", text: "What I remember about you" }), this.memEmpty, this.memList, addForm
    ]);

    this.body = el("div", { class: "cw-body" }, [this.log, this.memory, inputRow]);
    this.panel = el("div", { id: panelId, class: "cw-panel", role: "region", "aria-label": this.title + " chat" },
      [header, this.status, this.body]);

    if (container) {
      root.appendChild(this.panel);
      container.appendChild(root);
    } else {
      this.launcher = button("Chat with " + this.title, function () { self.setOpen(self.panel.hidden); }, "cw-launcher",
        { "aria-expanded": "false", "aria-controls": panelId });
      root.appendChild(this.panel);
      root.appendChild(this.launcher);
      document.body.appendChild(root);
      this.setOpen(!!opts.open);
    }
  };

  Widget.prototype.setOpen = function (open) {
    this.panel.hidden = !open;
    if (this.launcher) {
      this.launcher.setAttribute("aria-expanded", String(open));
      this.launcher.textContent = open ? "Close chat" : "Chat with " + this.title;
    }
    if (open) this.textarea.focus();
  };

  Widget.prototype.announce = function (text) {
    // re-set so an identical message is announced again
    this.status.textContent = "";
    var s = this.status;
    setTimeout(function () { s.textContent = text; }, 30);
  };

  Widget.prototype.setState = function (state, label) {
    this.state = state;
    this.root.setAttribute("data-state", state);
    this.connEl.textContent = label;
  };

  // ------------------------------------------------------------------ identity
  Widget.prototype.start = function () {
    if (this.staticToken || this.getTokenFn || this.user) {
      this.connect();
    } else if (this.devLogin) {
      this.showLogin();
    } else {
      this.setState("closed", "No token");
      this.systemNote("This chat needs a sign-in token (data-token, data-user or ConciergeWidget.init({getToken})).");
    }
  };

  Widget.prototype.showLogin = function () {
    var self = this;
    var uid = "cw-user-" + this.id;
    var field = el("input", { type: "text", id: uid, value: "guest-" + Math.random().toString(36).slice(2, 8),
      maxlength: "128", autocomplete: "username", "aria-describedby": uid + "-hint" });
    var form = el("form", { class: "cw-login" }, [
      el("label", { for: uid, text: "Chat as (user id)" }),
      el("p", { id: uid + "-hint", class: "cw-note", text: "Demo only: the service issues a dev token for any user id. Letters, digits and . _ @ : -" }),
      el("div", { class: "cw-row" }, [field, el("button", { type: "submit", class: "cw-btn cw-btn-primary cw-start", text: "Start chatting" })])
    ]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var v = field.value.trim();
      if (!/^[A-Za-z0-9._@:-]{1,128}$/.test(v)) {
        self.announce("That user id has characters that are not allowed.");
        field.setAttribute("aria-invalid", "true");
        field.focus();
        return;
      }
      self.user = v;
      form.remove();
      self.log.hidden = false;
      self.inputRow.hidden = false;
      self.memoryBtn.hidden = false;
      self.connect();
      self.textarea.focus();
    });
    this.log.hidden = true;
    this.inputRow.hidden = true;
    this.memoryBtn.hidden = true;
    this.body.insertBefore(form, this.log);
    this.setState("idle", "Not signed in");
  };

  /** A token for the next connection or request. fresh=true asks getToken/dev-token again (refresh). */
  Widget.prototype.getToken = function (fresh) {
    var self = this;
    if (this.token && !fresh) return Promise.resolve(this.token);
    var p;
    if (this.getTokenFn) p = Promise.resolve(this.getTokenFn());
    else if (this.staticToken) p = Promise.resolve(this.staticToken);
    else if (this.user) {
      p = fetch(this.base + "/api/v1/dev/token", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ userId: this.user })
      }).then(function (r) {
        if (!r.ok) throw new Error("dev token: HTTP " + r.status);
        return r.json();
      }).then(function (j) { return j.token; });
    } else p = Promise.reject(new Error("no token source"));
    return p.then(function (t) {
      if (!t) throw new Error("empty token");
      self.token = t;
      return t;
    });
  };

  // ------------------------------------------------------------------ REST
  Widget.prototype.api = function (method, path, body, retried) {
    var self = this;
    return this.getToken(false).then(function (token) {
      var init = { method: method, headers: { "Authorization": "Bearer " + token, "Accept": "application/json" } };
      if (body !== undefined) {
        init.headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(body);
      }
      return fetch(self.base + path, init);
    }).then(function (r) {
      if (r.status === 401 && !retried && (self.getTokenFn || self.user)) {
        self.token = null;
        return self.api(method, path, body, true);
      }
      if (r.status === 204) return null;
      return r.text().then(function (t) {
        var j = null;
        try { j = t ? JSON.parse(t) : null; } catch (e) { /* not JSON */ }
        if (!r.ok) {
          var err = new Error((j && (j.detail || j.title)) || ("HTTP " + r.status));
          err.status = r.status;
          throw err;
        }
        return j;
      });
    });
  };

  // ------------------------------------------------------------------ WebSocket
  Widget.prototype.wsUrl = function (token) {
    return this.base.replace(/^http/i, "ws") + "/ws/chat?access_token=" + encodeURIComponent(token);
  };

  Widget.prototype.connect = function () {
    var self = this;
    if (this.destroyed) return;
    clearTimeout(this.reconnectTimer);
    this.setState("connecting", this.attempt ? "Reconnecting…" : "Connecting…");
    // a reconnect after a failure asks for a fresh token (it may have expired)
    this.getToken(this.attempt > 0 && !this.staticToken).then(function (token) {
      if (self.destroyed) return;
      var ws;
      try {
        ws = new WebSocket(self.wsUrl(token));
      } catch (e) {
        self.scheduleReconnect();
        return;
      }
      self.ws = ws;
      ws.onopen = function () { self.onOpen(ws); };
      ws.onmessage = function (ev) { if (ws === self.ws) self.onFrame(ev.data); };
      ws.onclose = function () { if (ws === self.ws) self.onClose(); };
      ws.onerror = function () { /* onclose follows */ };
    }).catch(function () {
      self.scheduleReconnect();
    });
  };

  Widget.prototype.onOpen = function (ws) {
    if (ws !== this.ws) return;
    var wasReconnect = this.attempt > 0;
    this.attempt = 0;
    this.connections = (this.connections || 0) + 1;
    this.root.setAttribute("data-connections", String(this.connections));
    this.setState("open", "Online");
    if (wasReconnect) this.announce("Reconnected.");
    this.startHeartbeat();
    // resume: the frame that was in flight goes again first, with the same clientMessageId
    if (this.inflight) {
      this.inflight.resent = (this.inflight.resent || 0) + 1;
      if (this.inflight.kind === "message") this.resetStreaming(this.inflight);
      this.rawSend(this.inflightFrame());
    } else {
      this.pump();
    }
  };

  Widget.prototype.onClose = function () {
    this.ws = null;
    this.stopHeartbeat();
    if (this.destroyed) return;
    this.scheduleReconnect();
  };

  Widget.prototype.scheduleReconnect = function () {
    var self = this;
    if (this.destroyed) return;
    clearTimeout(this.reconnectTimer);
    var delay = Math.min(30000, 500 * Math.pow(2, this.attempt)) * (0.75 + Math.random() * 0.5);
    this.attempt++;
    this.setState("closed", "Offline, retrying in " + Math.ceil(delay / 1000) + " s");
    if (this.attempt === 1) this.announce("Connection lost. Reconnecting…");
    this.reconnectTimer = setTimeout(function () { self.connect(); }, delay);
  };

  Widget.prototype.reconnectNow = function () {
    if (this.destroyed || this.state === "connecting") return;
    clearTimeout(this.reconnectTimer);
    this.connect();
  };

  Widget.prototype.startHeartbeat = function () {
    var self = this;
    this.stopHeartbeat();
    this.pingTimer = setInterval(function () {
      if (!self.ws || self.ws.readyState !== 1) return;
      self.rawSend({ type: "ping" });
      clearTimeout(self.pongTimer);
      self.pongTimer = setTimeout(function () {
        // no pong: the network is gone even if the socket has not noticed yet
        if (self.ws) { try { self.ws.close(); } catch (e) { /* ignore */ } self.onClose(); }
      }, 10000);
    }, 25000);
  };

  Widget.prototype.stopHeartbeat = function () {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  };

  Widget.prototype.rawSend = function (frame) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  };

  Widget.prototype.inflightFrame = function () {
    var f = this.inflight.frame;
    if (this.inflight.kind === "message" && this.conversationId && !f.conversationId) f.conversationId = this.conversationId;
    return f;
  };

  /** Sends the next queued frame when nothing is in flight: every answer then belongs to exactly one frame. */
  Widget.prototype.pump = function () {
    if (this.inflight || !this.queue.length || !this.ws || this.ws.readyState !== 1) return;
    var self = this;
    var next = this.queue[0];
    if (next.kind === "message" && !this.conversationId && !next.creating && !next.triedCreate) {
      // make the conversation first (REST), so every user_message carries a conversationId and a re-send after a
      // network loss is answered from the server's idempotency store instead of starting a second conversation
      next.creating = true;
      next.triedCreate = true;
      this.api("POST", "/api/v1/conversations", {}).then(function (c) {
        if (c && c.id && !self.conversationId) self.conversationId = c.id;
      }).catch(function () { /* fall back: the socket makes one */ }).then(function () {
        next.creating = false;
        self.pump();
      });
      return;
    }
    if (next.creating) return;
    this.queue.shift();
    this.inflight = next;
    if (!this.rawSend(this.inflightFrame())) {
      // lost between the check and the send: onOpen re-sends it
    }
  };

  Widget.prototype.enqueue = function (item) {
    this.queue.push(item);
    this.pump();
  };

  Widget.prototype.finishInflight = function () {
    this.inflight = null;
    this.pump();
  };

  // ------------------------------------------------------------------ frames from the server
  Widget.prototype.onFrame = function (data) {
    var f;
    try { f = JSON.parse(data); } catch (e) { return; }
    switch (f.type) {
      case "pong":
        clearTimeout(this.pongTimer);
        break;
      case "turn_started":
        if (f.conversationId) this.conversationId = f.conversationId;
        if (this.inflight && this.inflight.kind === "message") {
          this.resetStreaming(this.inflight);
          this.inflight.bubble.setAttribute("data-message-id", f.messageId || "");
        }
        break;
      case "token":
        this.tokensReceived++;
        this.root.setAttribute("data-tokens", String(this.tokensReceived));
        if (this.inflight && this.inflight.kind === "message") {
          var b = this.inflight.bubble;
          b.querySelector(".cw-text").appendChild(document.createTextNode(f.text || ""));
          b.setAttribute("data-tokens", String(Number(b.getAttribute("data-tokens") || 0) + 1));
          this.scroll();
        }
        break;
      case "turn":
        if (this.inflight && this.inflight.kind === "message") {
          this.renderTurn(this.inflight, f.turn || {});
          this.finishInflight();
        }
        break;
      case "feedback_saved":
        if (this.inflight && this.inflight.kind === "feedback") {
          this.inflight.done(true);
          this.finishInflight();
        }
        break;
      case "error":
        this.onError(f);
        break;
      default:
        break;
    }
  };

  Widget.prototype.onError = function (f) {
    var self = this;
    var item = this.inflight;
    // a re-sent message can meet its own first copy still running: wait and ask again (same clientMessageId)
    if (item && f.code === "conflict" && item.kind === "message" && (item.conflicts || 0) < 5) {
      item.conflicts = (item.conflicts || 0) + 1;
      setTimeout(function () {
        if (self.inflight === item) self.rawSend(self.inflightFrame());
      }, 1000 * item.conflicts);
      return;
    }
    var text = politeError(f);
    if (item && item.kind === "message") {
      this.failBubble(item, text);
    } else if (item && item.kind === "feedback") {
      item.done(false, text);
    }
    this.errorNote(text);
    if (item) this.finishInflight();
  };

  function politeError(f) {
    var code = f.code || "";
    var lead = {
      rate_limited: "You're sending messages quickly. Please wait a moment and try again.",
      too_large: "That message is too long.",
      not_found: "I couldn't find that conversation.",
      conflict: "I'm still answering your previous message.",
      unavailable: "The service is busy right now. Please try again shortly.",
      internal: "Sorry, something went wrong on my side and nothing was saved."
    }[code] || "Sorry, I couldn't handle that.";
    return f.message && code !== "internal" ? lead + " (" + f.message + ")" : lead;
  }

  // ------------------------------------------------------------------ sending
  Widget.prototype.submit = function () {
    var text = this.textarea.value.trim();
    if (!text) {
      this.textarea.focus();
      return;
    }
    this.textarea.value = "";
    this.send(text);
    this.textarea.focus();
  };

  Widget.prototype.send = function (text) {
    var cmid = newId("m");
    var bubble = el("div", { class: "cw-msg cw-msg-user", "data-client-message-id": cmid }, [
      el("span", { class: "cw-sr", text: "You said: " }), el("span", { class: "cw-text", text: text })
    ]);
    this.log.appendChild(bubble);
    var answer = el("div", { class: "cw-msg cw-msg-assistant", "data-streaming": "pending", "data-tokens": "0", "aria-busy": "true" }, [
      el("span", { class: "cw-sr", text: "Concierge: " }), el("span", { class: "cw-text" })
    ]);
    var item = { kind: "message", userBubble: bubble, bubble: answer, text: text,
      frame: { type: "user_message", clientMessageId: cmid, text: text } };
    this.scroll();
    this.enqueue(item);
    return item;
  };

  Widget.prototype.resetStreaming = function (item) {
    if (!item.bubble.parentNode) this.log.appendChild(item.bubble);
    item.bubble.querySelector(".cw-text").textContent = "";
    item.bubble.setAttribute("data-tokens", "0");
    item.bubble.setAttribute("data-streaming", "true");
    item.bubble.setAttribute("aria-busy", "true");
    this.scroll();
  };

  Widget.prototype.failBubble = function (item, text) {
    var self = this;
    if (item.bubble.parentNode) item.bubble.remove();
    item.userBubble.classList.add("cw-msg-failed");
    if (!item.userBubble.querySelector(".cw-retry")) {
      var retry = button("Send again", function () {
        retry.parentNode.remove();
        item.userBubble.classList.remove("cw-msg-failed");
        self.send(item.text);
        item.userBubble.remove();
      }, "cw-retry", { "aria-label": "Send again: " + item.text });
      item.userBubble.appendChild(el("div", { class: "cw-note" }, ["Not answered. ", retry]));
    }
  };

  Widget.prototype.errorNote = function (text) {
    var n = el("div", { class: "cw-error", role: "alert", text: text });
    this.log.appendChild(n);
    this.scroll();
  };

  Widget.prototype.systemNote = function (text) {
    this.log.appendChild(el("div", { class: "cw-note", text: text }));
  };

  Widget.prototype.scroll = function () {
    this.log.scrollTop = this.log.scrollHeight;
  };

  // ------------------------------------------------------------------ rendering a turn
  Widget.prototype.renderTurn = function (item, turn) {
    var self = this;
    var b = item.bubble;
    if (!b.parentNode) this.log.appendChild(b);
    if (turn.conversationId) this.conversationId = turn.conversationId;
    b.querySelector(".cw-text").textContent = turn.text || "";
    b.setAttribute("data-streaming", "false");
    b.setAttribute("data-act", turn.act || "");
    b.setAttribute("data-done", "true");
    b.removeAttribute("aria-busy");

    var byId = {};
    (turn.appliedInstructions || []).forEach(function (i) { byId[i.id] = i.text; });

    var c = turn.clarification;
    if (turn.act === "clarify" && c && c.options && c.options.length) {
      var group = el("div", { class: "cw-options", role: "group", "aria-label": c.question || "Choose an option" });
      c.options.forEach(function (opt) {
        group.appendChild(button(opt, function () {
          Array.prototype.forEach.call(group.querySelectorAll("button"), function (x) { x.disabled = true; });
          this.setAttribute("aria-pressed", "true");
          self.send(opt);
        }, "cw-option"));
      });
      b.appendChild(group);
    }

    var recs = turn.recommendations || [];
    if (recs.length) {
      var list = el("div", { class: "cw-cards", role: "list", "aria-label": "Recommendations" });
      recs.forEach(function (r) { list.appendChild(self.card(r, byId)); });
      b.appendChild(list);
    }

    var learned = turn.learned || [];
    if (learned.length) {
      b.appendChild(el("p", { class: "cw-note cw-learned", text: "Noted for next time: " + learned.map(function (l) { return l.text; }).join("; ") }));
      if (this.memoryOpen) this.loadMemory();
    }
    if (turn.overriddenInstructions && turn.overriddenInstructions.length) {
      b.appendChild(el("p", { class: "cw-note", text: "Set aside this time, as you asked: " +
        turn.overriddenInstructions.map(function (o) { return o.text; }).join("; ") }));
    }
    this.scroll();
  };

  Widget.prototype.card = function (r, byId) {
    var self = this;
    var cid = this.conversationId;
    var card = el("article", { class: "cw-card", role: "listitem", "data-item-id": r.itemId, "aria-label": r.name });
    card.appendChild(el("h3", { text: r.name }));
    if (r.reason) card.appendChild(el("p", { class: "cw-reason-text", text: r.reason }));
    var honoured = (r.appliedInstructionIds || []).map(function (id) { return byId[id]; }).filter(Boolean);
    if (honoured.length) {
      card.appendChild(el("p", { class: "cw-honours", text: "Honours what you told me:" }));
      card.appendChild(el("ul", { class: "cw-applied" }, honoured.map(function (t) { return el("li", { text: t }); })));
    }
    var actions = el("div", { class: "cw-actions" });
    var accept = button("Accept", null, "cw-accept", { "aria-label": "Accept " + r.name, "aria-pressed": "false" });
    var reject = button("Reject", null, "cw-reject cw-btn-danger", { "aria-label": "Reject " + r.name, "aria-pressed": "false" });
    var note = el("span", { class: "cw-note cw-card-status", role: "status" });
    actions.appendChild(accept);
    actions.appendChild(reject);
    actions.appendChild(note);
    card.appendChild(actions);

    function verdict(v, reason) {
      accept.disabled = reject.disabled = true;
      note.textContent = "Saving…";
      var frame = { type: "feedback", conversationId: cid, itemId: r.itemId, verdict: v };
      if (reason) frame.reason = reason;
      self.enqueue({ kind: "feedback", frame: frame, done: function (ok, err) {
        if (ok) {
          card.setAttribute("data-verdict", v);
          (v === "accept" ? accept : reject).setAttribute("aria-pressed", "true");
          note.textContent = v === "accept" ? "Accepted." : "Rejected" + (reason ? ": " + reason : ".") + " I won't suggest it again.";
        } else {
          accept.disabled = reject.disabled = false;
          note.textContent = "Not saved. " + (err || "");
        }
      } });
    }

    accept.addEventListener("click", function () { verdict("accept"); });
    reject.addEventListener("click", function () {
      if (card.querySelector(".cw-reason")) return;
      var rid = "cw-why-" + r.itemId + "-" + (++seq);
      var input = el("input", { type: "text", id: rid, maxlength: "500", placeholder: "e.g. no horror", class: "cw-reason-input" });
      var form = el("form", { class: "cw-reason" }, [
        el("label", { for: rid, class: "cw-note", text: "Why not? (optional)" }), input,
        el("button", { type: "submit", class: "cw-btn cw-btn-danger cw-reject-confirm", text: "Reject" }),
        button("Cancel", function () { form.remove(); reject.focus(); }, "cw-reject-cancel")
      ]);
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var why = input.value.trim();
        form.remove();
        verdict("reject", why || null);
      });
      form.addEventListener("keydown", function (e) {
        if (e.key === "Escape") { form.remove(); reject.focus(); }
      });
      card.appendChild(form);
      input.focus();
    });
    return card;
  };

  // ------------------------------------------------------------------ "What I remember about you"
  Widget.prototype.toggleMemory = function () {
    this.memoryOpen = !this.memoryOpen;
    this.memory.hidden = !this.memoryOpen;
    this.memoryBtn.setAttribute("aria-expanded", String(this.memoryOpen));
    if (this.memoryOpen) {
      this.loadMemory();
      this.memory.querySelector("h2").setAttribute("tabindex", "-1");
      this.memory.querySelector("h2").focus();
    }
  };

  Widget.prototype.loadMemory = function () {
    var self = this;
    this.memory.setAttribute("aria-busy", "true");
    return this.api("GET", "/api/v1/me/instructions?status=active").then(function (items) {
      self.renderMemory(items || []);
    }).catch(function (e) {
      self.announce("Could not load what I remember: " + e.message);
      self.memEmpty.hidden = false;
      self.memEmpty.textContent = "Could not load: " + e.message;
    }).then(function () {
      self.memory.removeAttribute("aria-busy");
      self.memory.setAttribute("data-loaded", String(Date.now()));
    });
  };

  Widget.prototype.renderMemory = function (items) {
    var self = this;
    this.memList.textContent = "";
    this.memEmpty.hidden = items.length > 0;
    this.memEmpty.textContent = "Nothing yet. Tell me what you like or avoid, or add it here.";
    items.forEach(function (it) { self.memList.appendChild(self.memoryItem(it)); });
  };

  Widget.prototype.memoryItem = function (it) {
    var self = this;
    var li = el("li", { "data-instruction-id": it.id });
    var text = el("span", { class: "cw-itext", text: it.text });
    var badge = el("span", { class: "cw-badge" + (it.origin === "learned" ? " cw-badge-learned" : ""),
      text: it.origin === "learned" ? "learned" : "you said", title: it.origin === "learned" ? "Learned from our chat" : "Stated by you" });
    var edit = button("Edit", function () { self.editItem(li, it); }, "cw-edit", { "aria-label": "Edit: " + it.text });
    var del = button("Delete", function () {
      del.disabled = true;
      self.api("DELETE", "/api/v1/me/instructions/" + encodeURIComponent(it.id)).then(function () {
        var next = li.nextElementSibling || li.previousElementSibling;
        li.remove();
        self.memEmpty.hidden = self.memList.children.length > 0;
        self.announce("Forgotten: " + it.text);
        (next && next.querySelector("button")) ? next.querySelector("button").focus() : self.addInput.focus();
      }).catch(function (e) {
        del.disabled = false;
        self.announce("Could not delete: " + e.message);
      });
    }, "cw-delete cw-btn-danger", { "aria-label": "Delete: " + it.text });
    [text, badge, edit, del].forEach(function (n) { li.appendChild(n); });
    return li;
  };

  Widget.prototype.editItem = function (li, it) {
    var self = this;
    var eid = "cw-edit-" + it.id.replace(/[^A-Za-z0-9_-]/g, "") + "-" + (++seq);
    var input = el("input", { type: "text", id: eid, value: it.text, maxlength: "500" });
    var form = el("form", { class: "cw-row", style: "flex:1 1 100%" }, [
      el("label", { for: eid, class: "cw-sr", text: "Edit instruction" }), input,
      el("button", { type: "submit", class: "cw-btn cw-btn-primary cw-save", text: "Save" }),
      button("Cancel", function () { li.replaceWith(self.memoryItem(it)); }, "cw-cancel")
    ]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var v = input.value.trim();
      if (!v || v === it.text) { li.replaceWith(self.memoryItem(it)); return; }
      self.api("PUT", "/api/v1/me/instructions/" + encodeURIComponent(it.id), { text: v, domain: it.domain || undefined })
        .then(function (updated) {
          var fresh = self.memoryItem(updated || Object.assign({}, it, { text: v }));
          li.replaceWith(fresh);
          fresh.querySelector(".cw-edit").focus();
          self.announce("Updated: " + v);
        }).catch(function (e2) { self.announce("Could not update: " + e2.message); input.focus(); });
    });
    form.addEventListener("keydown", function (e) { if (e.key === "Escape") li.replaceWith(self.memoryItem(it)); });
    li.textContent = "";
    li.appendChild(form);
    input.focus();
  };

  Widget.prototype.addInstruction = function () {
    var self = this;
    var v = this.addInput.value.trim();
    if (!v) { this.addInput.focus(); return; }
    this.api("POST", "/api/v1/me/instructions", { text: v }).then(function () {
      self.addInput.value = "";
      self.announce("I'll remember: " + v);
      return self.loadMemory();
    }).catch(function (e) { self.announce("Could not add: " + e.message); });
  };

  // ------------------------------------------------------------------ lifecycle
  Widget.prototype.destroy = function () {
    this.destroyed = true;
    clearTimeout(this.reconnectTimer);
    this.stopHeartbeat();
    window.removeEventListener("online", this.onOnline);
    if (this.ws) { var ws = this.ws; this.ws = null; try { ws.close(); } catch (e) { /* ignore */ } }
    this.root.remove();
    instances = instances.filter(function (w) { return w !== this; }, this);
  };

  function publicApi(w) {
    return {
      send: function (t) { w.send(String(t)); },
      destroy: function () { w.destroy(); },
      get conversationId() { return w.conversationId; },
      get state() { return w.state; },
      /** for tests and debugging: drop the socket as a network loss would */
      simulateNetworkLoss: function () { if (w.ws) { try { w.ws.close(); } catch (e) { /* ignore */ } } },
      element: w.root
    };
  }

  function init(opts) {
    var w = new Widget(opts || {});
    instances.push(w);
    return publicApi(w);
  }

  window.ConciergeWidget = { version: "1", init: init, instances: function () { return instances.map(publicApi); } };

  // ------------------------------------------------------------------ start from the script tag
  if (SCRIPT && SCRIPT.getAttribute("data-auto-init") !== "false") {
    var d = SCRIPT.dataset;
    var opts = {
      base: d.conciergeBase || undefined,
      token: d.token || undefined,
      user: d.user || undefined,
      devLogin: d.devLogin !== undefined,
      container: d.container || undefined,
      open: d.open === "true",
      title: d.title || undefined
    };
    var go = function () { init(opts); };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go);
    else go();
  }
})();

// 语音阅读 (MIIT 适老化: 语音阅读): the 朗读 control reads the screen's main content
// aloud in order — headings, text, a case's status and reply — with the browser's own
// speech synthesis in Chinese (zh-CN). No network, no third-party service. Where the
// phone has no Chinese voice, or no speech synthesis at all, the control says so.
import { announce } from "./dom.js";

// The blocks read, outermost first: a list item's heading and text are read once, as
// the item. Buttons and form controls are not content; their labels are.
const BLOCKS = "h1, h2, h3, h4, p, li, dt, dd, th, td, label, legend, figcaption, blockquote";
const VOICES_WAIT_MS = 1500;

const synth = "speechSynthesis" in window ? window.speechSynthesis : null;
let state = "idle"; // idle | speaking | paused
let queue = [];
let readButton;
let stopButton;
let status;

function chineseVoice(voices) {
  const chinese = voices.filter((voice) => /^zh([-_]|$)/i.test(voice.lang || ""));
  return (
    chinese.find((voice) => /^zh[-_](CN|Hans)/i.test(voice.lang)) || chinese[0] || null
  );
}

/** The voices, once the browser has loaded them (some load them after the page). */
function voices() {
  const now = synth.getVoices();
  if (now.length) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => resolve(synth.getVoices());
    synth.addEventListener("voiceschanged", done, { once: true });
    setTimeout(done, VOICES_WAIT_MS);
  });
}

function visible(element) {
  if (element.closest("[hidden], [aria-hidden='true'], .sr-only, script, style, template")) return false;
  return element.getClientRects().length > 0;
}

/** The screen's text in reading order, one entry per block. */
export function readableText(root) {
  const blocks = [...root.querySelectorAll(BLOCKS)].filter(
    (element) => visible(element) && !element.parentElement.closest(BLOCKS),
  );
  return blocks
    .map((element) => element.innerText.replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

function show(next, message) {
  state = next;
  readButton.textContent = { idle: "朗读", speaking: "暂停", paused: "继续" }[state];
  readButton.setAttribute("aria-label", { idle: "朗读本页", speaking: "暂停朗读", paused: "继续朗读" }[state]);
  stopButton.hidden = state === "idle";
  if (message !== undefined) {
    status.textContent = message;
    status.hidden = !message;
  }
}

export function stop() {
  if (!synth || state === "idle") return;
  queue = [];
  synth.cancel();
  show("idle", "");
}

async function start() {
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") {
    show("idle", "本浏览器不支持朗读。可使用手机自带的读屏功能，或拨打 12345 咨询。");
    return;
  }
  const voice = chineseVoice(await voices());
  if (!voice) {
    show("idle", "本设备没有中文语音，无法朗读。可在手机设置中添加中文语音包后再试。");
    return;
  }
  const texts = readableText(document.getElementById("main"));
  if (!texts.length) return;
  synth.cancel();
  queue = texts.map((text) => {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "zh-CN";
    utterance.voice = voice;
    // A little slower in 长辈模式, as a patient reader would.
    utterance.rate = document.documentElement.hasAttribute("data-elder") ? 0.85 : 1;
    return utterance;
  });
  const last = queue[queue.length - 1];
  last.addEventListener("end", () => { if (queue.includes(last)) show("idle", ""); });
  show("speaking", "正在朗读本页，可随时暂停或停止。");
  for (const utterance of queue) synth.speak(utterance);
}

function toggle() {
  if (state === "idle") start();
  else if (state === "speaking") {
    synth.pause();
    show("paused", "已暂停朗读。");
  } else {
    synth.resume();
    show("speaking", "正在朗读本页，可随时暂停或停止。");
  }
}

/** Wire the 朗读 controls of the page's tools strip (index.html). */
export function setUpSpeech() {
  readButton = document.getElementById("read-aloud");
  stopButton = document.getElementById("read-stop");
  status = document.getElementById("read-status");
  if (!readButton) return;
  readButton.addEventListener("click", toggle);
  stopButton.addEventListener("click", () => {
    stop();
    announce("已停止朗读");
  });
  // A new screen is new content: what was being read is no longer there.
  window.addEventListener("hashchange", stop);
}

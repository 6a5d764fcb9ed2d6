// WeChat's web authorisation (snsapi_base): a citizen who opens the page from the
// service account's menu comes back with ?code=...&state=... in the address. The
// code is posted once to /api/v1/me/wechat/, which exchanges it for the openid and
// keeps that in the session only (notifications/wechat_oauth.py); progress notices
// of cases submitted afterwards then also arrive in WeChat. The code is taken out
// of the address first, so a reload, a shared link or the back button never posts
// a used code again. Outside WeChat, or without a code, nothing happens.
import { post } from "./api.js";

const INSIDE_WECHAT = /MicroMessenger/i.test(navigator.userAgent);

export function takeCode(loc = window.location, history = window.history) {
  const url = new URL(loc.href);
  const code = url.searchParams.get("code");
  if (!code) return null;
  url.searchParams.delete("code");
  url.searchParams.delete("state");
  history.replaceState(history.state, "", url.pathname + url.search + url.hash);
  return code;
}

export async function linkWeChat() {
  if (!INSIDE_WECHAT) return false;
  const code = takeCode();
  if (!code) return false;
  try {
    await post("me/wechat/", { code });
    return true;
  } catch (error) {
    // Not linked (an expired code, WeChat unavailable): the page works as without
    // WeChat, and the next visit from the menu brings a fresh code.
    console.warn("微信关联未完成：", error && error.message);
    return false;
  }
}

linkWeChat();

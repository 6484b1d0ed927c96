import { describe, expect, it } from "vitest";
import { countableVisitor, isPrefetch, isRobot } from "./visitors";

const chromeAndroid = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";

// What people in Tanzania open the portal with: phones first, small and old ones included.
const people = [
  chromeAndroid,
  "Opera/9.80 (J2ME/MIDP; Opera Mini/4.2.14912/87.49; U; sw) Presto/2.4.15",
  "Mozilla/5.0 (Linux; U; Android 11; TECNO KF6i Build/RP1A.200720.011) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/102.0.5005.125 Mobile Safari/537.36 OPR/63.0.2254.62069",
  "Mozilla/5.0 (Mobile; LYF/F300B/LYF-F300B-001-01-15-130718-i;Android; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5",
  "Mozilla/5.0 (Linux; Android 9; CUBOT P30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 12; SM-A125F Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/445.0.0.34.118;]",
  "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
];

const robots = [
  "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.155 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
  "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
  "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
  "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
  "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
  "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
  "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)",
  "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
  "WhatsApp/2.23.20.0 A",
  "TelegramBot (like TwitterBot)",
  "Twitterbot/1.0",
  "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
  "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
  "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
  "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
  "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
  "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
  "Site24x7",
  "Datadog/Synthetics",
  "Blackbox Exporter/0.24.0",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Chrome-Lighthouse",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1",
  "curl/8.5.0",
  "Wget/1.21.4",
  "python-requests/2.31.0",
  "Go-http-client/1.1",
  "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
  "axios/1.6.8",
  "okhttp/4.12.0",
  "Apache-HttpClient/4.5.13 (Java/17.0.1)",
  "Java/1.8.0_151",
  "PostmanRuntime/7.37.3",
];

describe("who counts as a visitor", () => {
  it.each(people)("a person's browser counts: %s", (agent) => {
    expect(isRobot(agent)).toBe(false);
    expect(countableVisitor(new Headers({ "user-agent": agent }))).toEqual({ userAgent: agent });
  });

  it.each(robots)("a robot does not: %s", (agent) => {
    expect(isRobot(agent)).toBe(true);
    expect(countableVisitor(new Headers({ "user-agent": agent }))).toBeNull();
  });

  it("a missing or blank user agent does not count", () => {
    expect(countableVisitor(new Headers())).toBeNull();
    expect(countableVisitor(new Headers({ "user-agent": "   " }))).toBeNull();
    expect(countableVisitor(new Headers({ "user-agent": "Mozilla" }))).toBeNull();
  });

  it.each([
    ["sec-purpose", "prefetch"],
    ["sec-purpose", "prefetch;prerender"],
    ["sec-purpose", "prefetch;anonymous-client-ip"],
    ["purpose", "prefetch"],
    ["x-purpose", "preview"],
    ["x-moz", "prefetch"],
    ["next-router-prefetch", "1"],
    ["next-router-segment-prefetch", "/_tree"],
  ])("a page fetched ahead of time does not count (%s: %s)", (name, value) => {
    const headers = new Headers({ "user-agent": chromeAndroid, [name]: value });
    expect(isPrefetch(headers)).toBe(true);
    expect(countableVisitor(headers)).toBeNull();
  });

  it("a visitor saving data counts: Save-Data is a person on a small bundle, not a robot", () => {
    expect(countableVisitor(new Headers({ "user-agent": people[1]!, "save-data": "on" }))).toEqual({ userAgent: people[1] });
    // Opening a page the visitor followed (Next's client navigation asks for RSC) counts too.
    expect(countableVisitor(new Headers({ "user-agent": chromeAndroid, rsc: "1" }))).toEqual({ userAgent: chromeAndroid });
  });
});

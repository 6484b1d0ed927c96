import type { Channel, Source } from "./model";

/**
 * How far a citizen can trust each fact of a listing (a fee, the processing time, a link, phone or
 * office): confirmed by a person of the institution in the editorial area, or resting on its public
 * source, whose kind, date and confidence the data keep. A fact is marked on the page when it is
 * unconfirmed (its source is not official, or below MEDIUM-HIGH) or old (stated more than three
 * years ago), with the kind and date of its source. The same reading serves the public page, the
 * open data and the editorial area's review order.
 */

export const SOURCE_KINDS = ["official", "law", "mirror", "news", "blog", "other"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Years after which a stated fact may have changed (fees are revised, systems move). */
export const OLD_AFTER_YEARS = 3;
const STRONG = new Set(["HIGH", "MEDIUM-HIGH"]);
const OFFICIAL = new Set<string>(["official", "law", "mirror"]);

export type FactTrust =
  | { state: "confirmed"; on: string }
  | {
      state: "sourced";
      /** The source's kind, date (YYYY, YYYY-MM or YYYY-MM-DD) and confidence; null when not recorded. */
      kind: SourceKind | null;
      date: string | null;
      confidence: string | null;
      /** Not from an official source, or below MEDIUM-HIGH. */
      unconfirmed: boolean;
      /** Stated more than OLD_AFTER_YEARS years before today. */
      old: boolean;
    };

/** The trust of one fact: its confirmation, or its source's standing on `today` (YYYY-MM-DD). */
export function factTrust(
  fact: { source: string | null; confirmedOn?: string | null; asOf?: string | null },
  sources: readonly Source[],
  today: string,
): FactTrust {
  if (fact.confirmedOn) return { state: "confirmed", on: fact.confirmedOn };
  const source = fact.source ? sources.find((s) => s.url === fact.source) : undefined;
  const kind = SOURCE_KINDS.find((k) => k === source?.kind) ?? null;
  const date = fact.asOf ?? source?.date ?? null;
  const confidence = source?.confidence ?? null;
  return {
    state: "sourced",
    kind,
    date,
    confidence,
    unconfirmed: !source || !kind || !OFFICIAL.has(kind) || !STRONG.has(confidence ?? ""),
    old: date !== null && isOld(date, today),
  };
}

/** A partial date (2021, 2021-05, 2021-05-04) more than OLD_AFTER_YEARS years before today. */
export function isOld(date: string, today: string): boolean {
  const [year, month = "12", day = "31"] = date.split("-");
  const [ty, tm, td] = today.split("-");
  const then = `${Number(year) + OLD_AFTER_YEARS}-${month}-${day}`;
  return then < `${ty}-${tm}-${td}`;
}

/** Shown with a mark beside the fact. */
export const isMarked = (trust: FactTrust): boolean => trust.state === "sourced" && (trust.unconfirmed || trust.old);

export type FactKind = "fee" | "time" | "channel";
export type Fact = {
  /** Stable within one version of a listing: "fee:0", "time", "channel:2". */
  key: string;
  kind: FactKind;
  index: number;
  source: string | null;
  confirmedOn: string | null;
  asOf: string | null;
  /** What the fact says, to tell whether an edit changed it (then its confirmation no longer holds). */
  says: string;
};

type FeeLike = {
  amount: number | string;
  currency: string;
  label: { en: string };
  source: string;
  asOf: string | null;
  confirmedOn?: string | null;
};
type TimeLike = { iso: string | null; text: { sw: string; en: string }; source: string | null; confirmedOn?: string | null } | null;
export type ListingFacts = { fees: readonly FeeLike[]; processingTime: TimeLike; channels: readonly Channel[] };

/** What a channel offers: its address, number or code. */
export function channelTarget(channel: Channel): string {
  switch (channel.kind) {
    case "online":
      return channel.url;
    case "ussd":
      return channel.code;
    case "sms":
    case "phone":
      return channel.number;
    case "email":
      return channel.address;
    case "office":
      return channel.address ? `${channel.address.sw}|${channel.address.en}` : channel.label.en;
    case "app":
      return channel.label.en;
  }
}

/** Every fact of a listing a citizen acts on: its fees, its processing time, its channels. */
export function listingFacts(listing: ListingFacts): Fact[] {
  return [
    ...listing.fees.map((fee, index) => ({
      key: `fee:${index}`,
      kind: "fee" as const,
      index,
      source: fee.source,
      confirmedOn: fee.confirmedOn ?? null,
      asOf: fee.asOf,
      says: `${fee.currency} ${Number(fee.amount).toFixed(2)} ${fee.label.en}`,
    })),
    ...(listing.processingTime
      ? [
          {
            key: "time",
            kind: "time" as const,
            index: 0,
            source: listing.processingTime.source,
            confirmedOn: listing.processingTime.confirmedOn ?? null,
            asOf: null,
            says: `${listing.processingTime.iso ?? ""} ${listing.processingTime.text.sw} ${listing.processingTime.text.en}`,
          },
        ]
      : []),
    ...listing.channels.map((channel, index) => ({
      key: `channel:${index}`,
      kind: "channel" as const,
      index,
      source: channel.source,
      confirmedOn: channel.confirmedOn ?? null,
      asOf: null,
      says: `${channel.kind} ${channelTarget(channel)}`,
    })),
  ];
}

/**
 * A listing saved from the editor keeps the confirmation of each fact it did not change (the
 * same words from the same source); a changed fact is unconfirmed again.
 */
export function carryConfirmations<L extends ListingFacts>(edited: L, base: ListingFacts): L & ListingFacts {
  const confirmed = new Map(
    listingFacts(base)
      .filter((f) => f.confirmedOn)
      .map((f) => [`${f.kind} ${f.says} ${f.source}`, f.confirmedOn!]),
  );
  const on = (fact: Fact) => confirmed.get(`${fact.kind} ${fact.says} ${fact.source}`) ?? null;
  const facts = listingFacts(edited);
  const of = (key: string) => on(facts.find((f) => f.key === key)!);
  return {
    ...edited,
    fees: edited.fees.map((fee, i) => ({ ...fee, confirmedOn: of(`fee:${i}`) })),
    processingTime: edited.processingTime ? { ...edited.processingTime, confirmedOn: of("time") } : null,
    channels: edited.channels.map((channel, i) => ({ ...channel, confirmedOn: of(`channel:${i}`) })),
  };
}

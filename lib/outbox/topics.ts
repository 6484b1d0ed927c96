import { z } from "zod";

/**
 * Every kind of hand-off the outbox carries, with the shape of its payload. A payload is checked
 * when it is written and again when it is delivered.
 */
export const topics = {
  "sms.send": {
    payload: z.object({
      // International form without "+": 255 and nine digits.
      to: z.string().regex(/^255\d{9}$/),
      // mGov joins up to six 153-character parts.
      message: z.string().min(1).max(918),
    }),
    // Phone number and text (a sign-in code, say) are wiped from the row once delivered.
    sensitive: true,
  },
  "emrejesho.push": {
    // The submission itself stays in the feedback table; the hand-off names it.
    payload: z.object({ feedbackId: z.uuid() }),
    sensitive: false,
    // Feedback waits out a long outage: hourly retries for about two days.
    maxAttempts: 60,
  },
} as const;

export type Topic = keyof typeof topics;
export type Payload<T extends Topic> = z.infer<(typeof topics)[T]["payload"]>;

export function isTopic(value: string): value is Topic {
  return Object.hasOwn(topics, value);
}

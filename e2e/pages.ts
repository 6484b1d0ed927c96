/** The pages every shell-wide check visits, without their language prefix. */
export const shellPages = [
  { name: "home", path: "" },
  { name: "service", path: "/services/birth-registration" },
  { name: "accessibility statement", path: "/accessibility" },
  { name: "contact", path: "/contact" },
] as const;

export const locales = ["sw", "en"] as const;

/** The staff session's cookie: apart from the citizens' one, so that the two sessions never mix. */
export function staffCookieName(secure: boolean): string {
  return secure ? "__Secure-dirisha-staff.session-token" : "dirisha-staff.session-token";
}

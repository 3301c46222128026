/** What starting an authenticator enrollment hands the page: shown once, never stored in clear. */
export type EnrollmentStart = {
  factorId: string;
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** The otpauth URI as a QR code, an SVG drawn by the server. */
  qrSvg: string;
};

import QRCode from "qrcode";

/**
 * The QR code of an otpauth URI as an SVG document, made here: the secret never goes to a
 * third-party image service. Error correction M is what authenticator apps scan reliably.
 */
export function qrCodeSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

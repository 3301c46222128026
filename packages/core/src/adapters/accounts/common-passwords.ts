/**
 * Passwords of the minimum length or more that top every published list of leaked passwords
 * (NIST SP 800-63B 3.1.1.2: refuse values known to be commonly used). Checked on the server, in
 * memory: nothing about a password ever leaves it. Compared lower-cased, so "Password1" counts.
 * A short list by design; a host wanting a larger one passes its own set.
 */
const COMMON = `
password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword
12345678 123456789 1234567890 0123456789 87654321 11111111 00000000 12341234 11223344
qwertyuiop qwerty123 qwerty12 1q2w3e4r 1q2w3e4r5t 1qaz2wsx qazwsxedc zaq12wsx asdfghjkl
iloveyou iloveyou1 sunshine sunshine1 princess princess1 football football1 baseball
welcome1 welcome123 abc12345 abcd1234 abcdefgh letmein1 trustno1 superman batman123
starwars dragon123 monkey123 master123 shadow123 michael1 jennifer charlie1 jordan23
computer internet whatever freedom1 changeme changeme1 default1 administrator admin123
admin1234 secret123 mustang1 chocolate butterfly pokemon1 liverpool chelsea1 arsenal1
basketball soccer123 hello123 hello1234 1234qwer qwer1234 asdf1234 zxcvbnm1 zxcvbnm123
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(COMMON.split(/\s+/).filter(Boolean));

export function isCommonPassword(password: string, list: ReadonlySet<string> = COMMON_PASSWORDS): boolean {
  return list.has(password.trim().toLowerCase());
}

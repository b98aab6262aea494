/** Import files as the tools that write them do (LinkedIn, Apple Contacts, RFC 6350). */

/** LinkedIn's export as it comes: a notes preamble (quoted, with commas), CRLF, a BOM. */
export const LINKEDIN_CSV = [
  '\uFEFFNotes:',
  '"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261"',
  '',
  'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
  'Jane,Doe,https://www.linkedin.com/in/jane-doe-1a2b3c,Jane@Example.com,Acme,CTO,12 Mar 2024',
  'Ravi,Kumar,https://www.linkedin.com/in/Ravi-Kumar-42/,,"Widgets, Inc.",Head of Sales,03 Jan 2023',
  ',,,,,,',
  'Private,Person,,,,,01 Feb 2022',
  'Zoë,Müller,https://www.linkedin.com/in/zo%C3%AB-m%C3%BCller,,,,5 May 2025',
].join('\r\n');

/** Apple Contacts (3.0): grouped properties, TYPE=pref, folded lines, escaped commas. */
export const VCARD_30 = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'PRODID:-//Apple Inc.//macOS 14.0//EN',
  'N:Okafor;Chidi;;Dr.;',
  'FN:Dr. Chidi Okafor',
  'item1.EMAIL;type=INTERNET;type=HOME:chidi.home@example.net',
  'item2.EMAIL;type=INTERNET;type=WORK;type=pref:Chidi@Example.org',
  'NOTE:Met at the ethics conference\\, Lisbon.\\nWants an intro to the ',
  ' philosophy department.',
  'CATEGORIES:Mentor,Work Friends',
  'END:VCARD',
].join('\r\n');

/** vCard 4.0 (RFC 6350): PREF=1, a quoted parameter holding ':' and ',', no FN fallback needed. */
export const VCARD_40 = [
  'BEGIN:VCARD',
  'VERSION:4.0',
  'FN:Amélie Laurent',
  'EMAIL;TYPE=work;PREF=2:amelie@work.example',
  'EMAIL;TYPE="home,x-note:a";PREF=1:amelie@example.fr',
  'CATEGORIES:investor',
  'END:VCARD',
].join('\n');

/**
 * Recognising SQL in a statement's text, for B608 in every language. The rules build the text
 * from a string's literal pieces with each computed piece replaced by `SQL_HOLE`.
 */

/** Stands for a computed piece in the statement text (a character no source text contains). */
export const SQL_HOLE = '\u0001';

/** A cheap first test: text without any of these words cannot be SQL. */
export const SQL_WORD = /select|delete|insert|update|with/i;

/**
 * A statement that starts like SQL (after whitespace, an opening parenthesis, `--` comments or
 * a computed prefix): Bandit's four shapes, anchored at the start so that messages mentioning
 * "select … from" or "delete from" are not SQL.
 */
const SQL_STATEMENT = /^(?:\s|\(|\u0001|--[^\n]*\n)*(?:select\s[\s\S]*?\sfrom\s|delete\s+from\s|insert\s+(?:or\s+\w+\s+)?into\s[\s\S]*?\s(?:values|select)\b|update\s+\S+\s+set\s|with\s+\w+\s+as\s*\()/i;

/** Whether a statement's text reads as SQL rather than as a sentence about it. */
export function looksLikeSql(text: string): boolean {
  return SQL_STATEMENT.test(text) && !isProse(text);
}

/** A sentence rather than SQL: ends with a full stop, `!` or `?` after a word. */
function isProse(text: string): boolean {
  return /[A-Za-z)][.!?]\s*$/.test(text);
}

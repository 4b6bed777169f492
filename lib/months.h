/*
 * The Norwegian month names (bokmål and nynorsk write them alike), lower
 * case, January first: for reading dates in texts ("20. april 2026") and
 * for writing dates in figures out in words ("23.04.2024" → "23. april").
 */
#ifndef KILDE_MONTHS_H
#define KILDE_MONTHS_H

extern const char *const kilde_months[12];

#endif

/*
 * The citation staff read out for a unit, built from what the index knows
 * and never invented: no page where no page number is printed, no date
 * where none is known.
 *   annual report  "Den norske legeforening: Årsmelding 2024, 4.2 Legeforeningens
 *                   arbeid med høringer, s. 45–46"
 *   consultation   "Legeforeningens innspill til Meld. St. 19 (2023–2024) …,
 *                   26.02.2024, s. 1"
 *   article        "Haslegaard A. Medlemsmøter med fremtidens leger … Tidsskr Nor
 *                   Legeforen 2026; doi:10.4045/tidsskr.26.05.15"
 *   other          "Title, section, s. 3"
 */
#ifndef KILDE_CITATION_H
#define KILDE_CITATION_H

#include "document.h"
#include "unit.h"

/* malloc'd, or NULL when memory runs out. */
char *citation_of(const kdoc *doc, const kunit *u);

#endif

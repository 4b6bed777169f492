#include "months.h"

const char *const kilde_months[12] = {"januar", "februar", "mars",      "april",
                                      "mai",    "juni",    "juli",      "august",
                                      "september", "oktober", "november", "desember"};

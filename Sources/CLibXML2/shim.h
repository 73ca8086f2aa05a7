// libxml2's HTML parser and tree API, for turning HTML into readable text.
#ifndef RESEARCH_AGENT_CLIBXML2_SHIM_H
#define RESEARCH_AGENT_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, so encoding.h would pull in the system's ICU headers.
// Foundation carries its own, newer copy of ICU (_FoundationICU), and a compiler job
// that sees both fails on the mismatched `UErrorCode`. Nothing here uses libxml2's ICU
// converters; the only effect of hiding them is that `xmlCharEncodingHandler` loses two
// trailing pointer fields in Swift's view, and that struct is only ever used by pointer.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#endif

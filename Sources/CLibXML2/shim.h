// libxml2's HTML parser and tree API, for turning HTML into readable text.
#ifndef RESEARCH_AGENT_CLIBXML2_SHIM_H
#define RESEARCH_AGENT_CLIBXML2_SHIM_H
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#endif

#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

// NULL must be defined before curl.h is parsed by the Swift importer.
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <curl/curl.h>

// Swift cannot call C variadic functions, so every curl_easy_setopt /
// curl_easy_getinfo form the HTTP module needs gets a typed wrapper here.

/// Signature shared by CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
typedef size_t (*ccurl_data_callback)(char *buffer, size_t size, size_t nitems, void *userdata);

/// curl_global_init(CURL_GLOBAL_ALL); the flag is a macro expression Swift does not import.
static inline CURLcode ccurl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_ALL);
}

static inline CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_easy_setopt_data_callback(CURL *handle, CURLoption option, ccurl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode ccurl_easy_setopt_prereq_callback(CURL *handle, CURLoption option, curl_prereq_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ccurl_easy_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// CURLMsg keeps its result in a union; reading it in C avoids union access from Swift.
static inline int ccurl_msg_is_done(const CURLMsg *message) {
    return message->msg == CURLMSG_DONE;
}

static inline CURLcode ccurl_msg_result(const CURLMsg *message) {
    return message->data.result;
}

/// CURLOPT_OPENSOCKETFUNCTION: called with every resolved address before curl connects to it.
static inline CURLcode ccurl_easy_setopt_opensocket_callback(CURL *handle, CURLoption option, curl_opensocket_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

/// The peer of a curl_sockaddr: returns 4 or 6 and fills `bytes` (4 or 16 of them) and `port`,
/// or 0 for any other family. Read in C because curl's struct overlays sockaddr_in/_in6.
static inline int ccurl_sockaddr_peer(const struct curl_sockaddr *address, unsigned char bytes[16], unsigned short *port) {
    if (address->family == AF_INET && address->addrlen >= sizeof(struct sockaddr_in)) {
        struct sockaddr_in in;
        memcpy(&in, &address->addr, sizeof in);
        memcpy(bytes, &in.sin_addr, 4);
        *port = ntohs(in.sin_port);
        return 4;
    }
    if (address->family == AF_INET6 && address->addrlen >= sizeof(struct sockaddr_in6)) {
        struct sockaddr_in6 in6;
        memcpy(&in6, &address->addr, sizeof in6);
        memcpy(bytes, &in6.sin6_addr, 16);
        *port = ntohs(in6.sin6_port);
        return 6;
    }
    return 0;
}

/// Opens the socket curl asked for, as curl would, plus close-on-exec so child processes never inherit it.
static inline curl_socket_t ccurl_open_socket(const struct curl_sockaddr *address) {
    return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

/// What an open-socket callback returns to refuse an address.
static const curl_socket_t ccurl_socket_bad = CURL_SOCKET_BAD;

/// curl_url_get's flag for "report the scheme's default port when the URL names none".
static const unsigned int ccurl_url_default_port = CURLU_DEFAULT_PORT;

#endif

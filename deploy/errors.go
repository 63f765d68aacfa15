// This file turns the SDK's errors into one clear line each.

package deploy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

// Kind sorts an AWS error by what the user should do about it.
type Kind int

// The kinds of AWS error.
const (
	// Other is any error not sorted below.
	Other Kind = iota
	// Credentials: no usable credentials were found.
	Credentials
	// AccessDenied: the caller may not make the call (or its credentials
	// are invalid or expired).
	AccessDenied
	// Rejected: the service rejected a parameter (a definition, a name, an
	// ARN, a logging configuration).
	Rejected
	// Throttling: the service kept throttling after the SDK's retries.
	Throttling
	// Unsupported: the endpoint does not implement the operation (an
	// emulator, an old region).
	Unsupported
	// Unreachable: the endpoint could not be reached.
	Unreachable
)

// maxMessage bounds a service message in an explanation.
const maxMessage = 400

// Classify returns the kind of an error from an SDK call.
func Classify(err error) Kind {
	if err == nil {
		return Other
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch code := api.ErrorCode(); {
		case isOneOf(code, "AccessDenied", "AccessDeniedException", "UnrecognizedClientException",
			"InvalidSignatureException", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException",
			"InvalidClientTokenId", "MissingAuthenticationToken", "MissingAuthenticationTokenException",
			"IncompleteSignature", "NotAuthorized", "KMSAccessDeniedException"):
			return AccessDenied
		case isOneOf(code, "Throttling", "ThrottlingException", "TooManyRequestsException",
			"RequestLimitExceeded", "ProvisionedThroughputExceededException", "SlowDown"):
			return Throttling
		case isOneOf(code, "UnknownOperationException", "InvalidAction", "NotImplemented",
			"NotImplementedException", "UnsupportedOperation", "UnsupportedOperationException"):
			return Unsupported
		case isOneOf(code, "ValidationException", "MissingRequiredParameter", "StateMachineTypeNotSupported",
			"StateMachineAlreadyExists", "StateMachineDeleting", "StateMachineLimitExceeded",
			"ConflictException", "ServiceQuotaExceededException", "TooManyTags", "NameTooLongException") ||
			strings.HasPrefix(code, "Invalid"):
			return Rejected
		}
	}
	var resp *awshttp.ResponseError
	if errors.As(err, &resp) {
		switch status := resp.HTTPStatusCode(); {
		case status == 0:
			// The request was never answered.
			return Unreachable
		case status == http.StatusNotFound || status == http.StatusMethodNotAllowed || status == http.StatusNotImplemented:
			return Unsupported
		case status >= 500 && !isAPIError(err):
			// A server error whose body is no AWS error at all: an emulator
			// that does not know the operation (moto answers such a call
			// with an HTML page and status 500).
			return Unsupported
		case status == http.StatusForbidden:
			return AccessDenied
		case status == http.StatusTooManyRequests:
			return Throttling
		}
		return Other
	}
	msg := err.Error()
	if strings.Contains(msg, "get identity:") || strings.Contains(msg, "failed to retrieve credentials") ||
		strings.Contains(msg, "failed to refresh cached credentials") {
		return Credentials
	}
	var op *smithy.OperationError
	if errors.As(err, &op) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		// No HTTP response and no service error: the request never got
		// an answer.
		return Unreachable
	}
	return Other
}

func isAPIError(err error) bool {
	var api smithy.APIError
	return errors.As(err, &api)
}

func isOneOf(code string, codes ...string) bool {
	for _, c := range codes {
		if strings.EqualFold(code, c) {
			return true
		}
	}
	return false
}

// Explain returns an SDK error as one line: the operation, what went wrong
// in words, the service's error code and its message, and how many attempts
// were made when the SDK retried:
//
//	CreateStateMachine: access denied (AccessDeniedException): User: arn:aws:iam::123456789012:user/ci is not authorized to perform: states:CreateStateMachine
//
// Errors that are no SDK errors come back as their text, on one line.
// Credentials never appear: the SDK's errors do not carry them.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	var b strings.Builder
	var op *smithy.OperationError
	if errors.As(err, &op) {
		b.WriteString(op.OperationName)
		b.WriteString(": ")
	}
	attempts := ""
	var max *retry.MaxAttemptsError
	if errors.As(err, &max) {
		attempts = fmt.Sprintf(" (after %d attempts)", max.Attempt)
	}
	var api smithy.APIError
	hasAPI := errors.As(err, &api)
	code, message := "", ""
	if hasAPI {
		code, message = api.ErrorCode(), oneLine(api.ErrorMessage())
		if message == code {
			message = ""
		}
	}
	switch Classify(err) {
	case Credentials:
		b.WriteString("no usable AWS credentials: set AWS_PROFILE or pass --profile, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws sso login`")
		return b.String()
	case AccessDenied:
		b.WriteString("access denied")
	case Throttling:
		b.WriteString("throttled")
		b.WriteString(attempts)
		attempts = ""
	case Rejected:
		b.WriteString("rejected")
	case Unsupported:
		b.WriteString("the endpoint does not support this operation")
	case Unreachable:
		b.WriteString("cannot reach the endpoint")
		var netErr *net.OpError
		if errors.As(err, &netErr) {
			message = oneLine(netErr.Error())
		} else {
			message = oneLine(innermost(err).Error())
		}
	default:
		if !hasAPI {
			if op != nil {
				message = oneLine(op.Err.Error())
			} else {
				message = oneLine(err.Error())
			}
		}
		if code == "" && message != "" {
			b.WriteString(message)
			b.WriteString(attempts)
			return strings.TrimSuffix(b.String(), ": ")
		}
		b.WriteString("failed")
	}
	if code != "" {
		fmt.Fprintf(&b, " (%s)", code)
	}
	b.WriteString(attempts)
	if message != "" {
		b.WriteString(": ")
		b.WriteString(message)
	}
	return b.String()
}

// innermost returns the last error in err's Unwrap chain.
func innermost(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// oneLine folds whitespace runs (newlines included) to single spaces and
// bounds the length.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxMessage {
		s = string(r[:maxMessage-1]) + "…"
	}
	return s
}

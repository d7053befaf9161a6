package rest

import "context"

type varsKey struct{}

func contextWithVars(ctx context.Context, vars map[string]string) context.Context {
	return context.WithValue(ctx, varsKey{}, vars)
}

func varsFromContext(ctx context.Context) map[string]string {
	v, _ := ctx.Value(varsKey{}).(map[string]string)
	return v
}

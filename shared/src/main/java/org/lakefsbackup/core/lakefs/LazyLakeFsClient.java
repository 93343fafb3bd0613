package org.lakefsbackup.core.lakefs;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.function.Supplier;

/** A {@link LakeFsClient} built on its first call; see {@link LakeFsClient#lazy}. */
final class LazyLakeFsClient implements InvocationHandler {
    private final Supplier<? extends LakeFsClient> factory;
    private volatile LakeFsClient client;

    private LazyLakeFsClient(Supplier<? extends LakeFsClient> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    static LakeFsClient create(Supplier<? extends LakeFsClient> factory) {
        return (LakeFsClient) Proxy.newProxyInstance(LakeFsClient.class.getClassLoader(),
                new Class<?>[] {LakeFsClient.class}, new LazyLakeFsClient(factory));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "LakeFsClient.lazy[" + (client == null ? "not built" : client) + "]";
            };
        }
        if (method.getName().equals("close") && method.getParameterCount() == 0) {
            LakeFsClient built = client;
            if (built != null) {
                built.close();
            }
            return null;
        }
        try {
            return method.invoke(client(), args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private LakeFsClient client() {
        LakeFsClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = Objects.requireNonNull(factory.get(), "the factory built no client");
                }
                c = client;
            }
        }
        return c;
    }
}

import { QueryClientProvider } from "@tanstack/react-query";
import { Suspense, useState } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router-dom";
import { AuthProvider } from "../auth/AuthProvider";
import { RequireAuth, RequireRole } from "../auth/guards";
import { Loading } from "../components/Loading";
import { LoginPage } from "../features/account/LoginPage";
import { homeFor } from "../nav";
import { useAuth } from "../auth/AuthProvider";
import { ROUTES } from "../routes";
import { AppShell } from "./AppShell";
import { NotFound } from "./NotFound";
import { makeQueryClient } from "./queryClient";

function Home() {
  const { role } = useAuth();
  return <Navigate to={homeFor(role)} replace />;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        {ROUTES.filter((r) => r.public).map(({ path, component: Page }) => (
          <Route key={path} path={path} element={<Page />} />
        ))}
        <Route element={<RequireAuth><AppShell /></RequireAuth>}>
          <Route index element={<Home />} />
          {ROUTES.filter((r) => !r.public).map(({ path, component: Page, roles }) => (
            <Route key={path} path={path} element={<RequireRole roles={roles}><Page /></RequireRole>} />
          ))}
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

export function App() {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <AuthProvider>
          <AppRoutes />
        </AuthProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}

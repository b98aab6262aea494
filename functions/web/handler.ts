import { handle } from 'hono/aws-lambda';
import { createApp } from '../../shared/app';
import { config } from '../../shared/config';
import { createWebApp } from './app';

/** The web app on Lambda (a function URL, SPEC 7): adapters built once per cold start. */
export const handler = handle(createWebApp(createApp(config())));
